// Runs with a time budget against a Moodle that keeps what it is sent: a run stopped by its budget,
// followed by as many runs as it takes, leaves Moodle as one unlimited run leaves it, with no
// object made twice; the stopped run keeps what the next one needs and moves no mark.
#include <gtest/gtest.h>

#include <map>

#include "moodle_sync/api.hpp"
#include "moodle_sync/engine.hpp"
#include "moodle_sync/state_store.hpp"

namespace moodle_sync {
namespace {

constexpr int kCourses = 35;

json config() {
  return {{"site", {{"urls", {"https://learn.example.edu"}}}},
          {"source", {{"path", "export"}}},
          {"moodle", {{"url", "https://moodle.example.edu"}, {"retry_delay_ms", 0}, {"max_batch_items", 10}}},
          {"components",
           {{"courses",
             {{"bundle", "course"}, {"idnumber_pattern", "course-{id}"}, {"category", {{"fixed", 1}}},
              {"mapping", {{"fullname", "title"}, {"shortname", "field_code"}}}}}}}};
}

// Drupal as a live read gives it: each course with the moodle id written back so far.
struct Drupal {
  std::map<std::string, std::string> moodle_ids;  // uuid -> field_moodle_id
  std::map<std::string, std::string> titles;      // uuid -> title

  Drupal() {
    for (int nid = 1; nid <= kCourses; ++nid) titles["n" + std::to_string(nid)] = "Course " + std::to_string(nid);
  }

  json documents() const {
    json data = json::array();
    for (int nid = 1; nid <= kCourses; ++nid) {
      std::string uuid = "n" + std::to_string(nid);
      auto id = moodle_ids.find(uuid);
      data.push_back({{"type", "node--course"},
                      {"id", uuid},
                      {"attributes",
                       {{"drupal_internal__nid", nid}, {"title", titles.at(uuid)}, {"field_code", "C" + std::to_string(nid)},
                        {"field_moodle_id", id == moodle_ids.end() ? "" : id->second}, {"changed", 1764000000 + nid}}}});
    }
    return json::array({{{"name", "courses"}, {"document", {{"data", data}, {"links", {{"self", {{"href", "https://learn.example.edu/jsonapi/node/course"}}}}}}}}});
  }
};

// A Moodle that keeps its courses: reads, creates and updates.
struct Moodle {
  std::map<long long, json> courses;
  long long next_id = 2;
  int writes = 0;

  json answer(const json& action) {
    const std::string fn = action["wsfunction"];
    const json& params = action["params"];
    if (fn == "core_course_get_courses") {
      json list = json::array({{{"id", 1}, {"shortname", "site"}, {"categoryid", 0}, {"fullname", "Site"}, {"idnumber", ""}, {"format", "site"}}});
      for (const auto& [id, c] : courses) list.push_back(c);
      return {{"status", 200}, {"body", list.dump()}};
    }
    ++writes;
    if (fn == "core_course_create_courses") {
      json made = json::array();
      for (const auto& item : params["courses"]) {
        json c = item;
        c["id"] = next_id;
        c["summary"] = "";
        c["summaryformat"] = 1;
        c["format"] = "topics";
        c["visible"] = 1;
        c["customfields"] = json::array();
        courses[next_id] = c;
        made.push_back({{"id", next_id++}, {"shortname", item["shortname"]}});
      }
      return {{"status", 200}, {"body", made.dump()}};
    }
    if (fn == "core_course_update_courses") {
      for (const auto& item : params["courses"]) {
        for (const auto& [k, v] : item.items()) courses[item["id"].get<long long>()][k] = v;
      }
      return {{"status", 200}, {"body", R"({"warnings":[]})"}};
    }
    return {{"status", 200}, {"body", R"({"exception":"moodle_exception","errorcode":"unknown","message":"unexpected call"})"}};
  }

  // What a person sees in Moodle: the courses by idnumber, with their fields (ids aside).
  json by_idnumber() const {
    json out = json::object();
    for (const auto& [id, c] : courses) {
      EXPECT_FALSE(out.contains(c["idnumber"].get<std::string>())) << "two courses with idnumber " << c["idnumber"];
      out[c["idnumber"].get<std::string>()] = {{"fullname", c["fullname"]}, {"shortname", c["shortname"]}, {"categoryid", c["categoryid"]}};
    }
    return out;
  }
};

struct RunOutcome {
  json report;
  json kept;  // journal_replace's records (null when the run wrote none)
  json actions = json::array();
};

// One run as a host makes it: the journal loaded, every action performed and timed (`elapsed_ms`
// each: the clock is data), write-backs landing in Drupal, the state replaced at the end.
RunOutcome run_once(Drupal& drupal, Moodle& moodle, json& journal, const json& budget, long long elapsed_ms) {
  json input = {{"config", config()}, {"site_url", "https://learn.example.edu"}, {"read", {{"mode", "full"}, {"listed_at", {{"node--course", 1764000500}}}}},
                {"documents", drupal.documents()}, {"journal", journal}};
  if (!budget.is_null()) input["budget"] = budget;
  json error;
  auto engine = make_engine(input, error);
  EXPECT_TRUE(engine) << error.dump();
  RunOutcome out;
  if (!engine) return out;
  for (int guard = 0; guard < 5000; ++guard) {
    json a = engine->next();
    if (a["kind"] == "done") break;
    if (a["kind"] == "journal_replace") a["records"] = journal_records(engine->journal_text());  // the store's text, read back
    out.actions.push_back(a);
    json result = {{"ok", true}};
    if (a["kind"] == "call") result = moodle.answer(a);
    if (a["kind"] == "write_back") drupal.moodle_ids[a["entity"]["uuid"].get<std::string>()] = a["value"].get<std::string>();
    if (a["kind"] == "journal") {
      for (const auto& r : a["records"]) journal.push_back(r);
    }
    if (a["kind"] == "journal_replace") {
      journal = a["records"];
      out.kept = a["records"];
    }
    result["elapsed_ms"] = elapsed_ms;
    engine->feed(result);
  }
  out.report = engine->report();
  return out;
}

std::size_t count_records(const json& records, const std::string& kind) {
  std::size_t n = 0;
  for (const auto& r : records) n += r.value("kind", std::string()) == kind;
  return n;
}

TEST(BudgetRuns, StoppedRunsConvergeToWhatOneUnlimitedRunMakes) {
  Drupal unlimited_drupal;
  Moodle unlimited_moodle;
  json unlimited_journal = json::array();
  RunOutcome whole = run_once(unlimited_drupal, unlimited_moodle, unlimited_journal, nullptr, 400);
  EXPECT_EQ(whole.report["exit_code"], 0) << whole.report.dump();
  EXPECT_FALSE(whole.report.contains("stopped"));
  ASSERT_EQ(unlimited_moodle.courses.size(), static_cast<std::size_t>(kCourses));

  Drupal drupal;
  Moodle moodle;
  json journal = json::array();
  // Each action "takes" 400 ms; a budget of 1 s lets a run begin one or two batches of 10.
  RunOutcome first = run_once(drupal, moodle, journal, {{"ms", 1000}}, 400);
  EXPECT_EQ(first.report["exit_code"], 3) << first.report.dump();
  EXPECT_EQ(first.report["stopped"]["reason"], "budget");
  EXPECT_GE(first.report["stopped"]["spent_ms"].get<long long>(), 1000);
  EXPECT_EQ(first.report["resume"], true);
  const int postponed = first.report["summary"]["postponed"].get<int>();
  EXPECT_GT(postponed, 0);
  EXPECT_LT(moodle.courses.size(), static_cast<std::size_t>(kCourses)) << "the budget stopped the first run before the end";
  // What was not reached is read again; the full read goes on; no mark moved.
  EXPECT_EQ(count_records(first.kept, "pending"), static_cast<std::size_t>(postponed)) << first.kept.dump();
  EXPECT_EQ(count_records(first.kept, "resume"), 1u);
  EXPECT_EQ(count_records(first.kept, "high_water"), 0u);
  for (const auto& e : first.report["entities"]) {
    if (e["outcome"] != "postponed") continue;
    EXPECT_TRUE(e["error"].is_null()) << "postponed is not failed: " << e.dump();
  }

  // The next scheduled request, naming nothing, reads in full again.
  json request = call_api("sync_request", {{"journal", journal}, {"default_budget_ms", 1000}});
  EXPECT_EQ(request["value"]["resumed"], true) << request.dump();
  EXPECT_EQ(request["value"]["reads"], json::array({{{"mode", "full"}}}));

  int runs = 1;
  RunOutcome last = first;
  while (last.report["exit_code"] == 3 && runs < 20) {
    last = run_once(drupal, moodle, journal, {{"ms", 1000}}, 400);
    ++runs;
  }
  EXPECT_GT(runs, 2) << "several runs were needed";
  EXPECT_EQ(last.report["exit_code"], 0) << last.report.dump();
  EXPECT_EQ(moodle.by_idnumber(), unlimited_moodle.by_idnumber());
  EXPECT_EQ(moodle.courses.size(), static_cast<std::size_t>(kCourses)) << "no course was made twice";
  EXPECT_EQ(drupal.moodle_ids.size(), static_cast<std::size_t>(kCourses));
  EXPECT_EQ(count_records(journal, "resume"), 0u) << "the full read ended: " << journal.dump();
  EXPECT_EQ(count_records(journal, "pending"), 0u);
  EXPECT_EQ(count_records(journal, "high_water"), 1u) << "the mark moves once a run ends";
  EXPECT_EQ(call_api("sync_request", {{"journal", journal}})["value"]["resumed"], false);

  // The next run, unlimited or not, has nothing left to do.
  RunOutcome again = run_once(drupal, moodle, journal, {{"ms", 1000}}, 400);
  EXPECT_EQ(again.report["exit_code"], 0);
  EXPECT_EQ(again.report["summary"]["unchanged"], kCourses);
}

TEST(BudgetRuns, ABudgetSpentBeforeTheEngineStartedStillLetsOneWriteBegin) {
  Drupal drupal;
  Moodle moodle;
  json journal = json::array();
  RunOutcome o = run_once(drupal, moodle, journal, {{"ms", 1000}, {"spent_ms", 5000}}, 10);
  EXPECT_EQ(o.report["exit_code"], 3);
  EXPECT_EQ(moodle.writes, 1) << "one batch begun, so that every run moves the sync forward";
  EXPECT_EQ(moodle.courses.size(), 10u);
  EXPECT_EQ(o.report["stopped"]["spent_ms"].get<long long>(), 5000 + 10 * static_cast<long long>(o.actions.size()))
      << "the time spent before the engine started, plus every action's";
}

TEST(BudgetRuns, ARunThatEndsWithinItsBudgetIsNotStopped) {
  Drupal drupal;
  Moodle moodle;
  json journal = json::array();
  RunOutcome o = run_once(drupal, moodle, journal, {{"ms", 900000}}, 400);
  EXPECT_EQ(o.report["exit_code"], 0);
  EXPECT_FALSE(o.report.contains("stopped"));
  EXPECT_FALSE(o.report.contains("resume"));
  EXPECT_FALSE(o.report["summary"].contains("postponed"));
  EXPECT_EQ(count_records(o.kept, "resume"), 0u);
}

TEST(BudgetRuns, ANewlyMadeCourseIsJournaledAndWrittenBackEvenWhenTheBudgetRanOutDuringItsCall) {
  Drupal drupal;
  Moodle moodle;
  json journal = json::array();
  // The very first create takes the whole budget: its id still reaches the journal and Drupal.
  RunOutcome o = run_once(drupal, moodle, journal, {{"ms", 1000}}, 2000);
  EXPECT_EQ(o.report["exit_code"], 3);
  EXPECT_EQ(moodle.courses.size(), 10u);
  EXPECT_EQ(drupal.moodle_ids.size(), 10u) << "every id of the batch begun was written back";
  std::size_t ids = 0;
  for (const auto& a : o.actions) {
    if (a["kind"] == "journal") ids += a["records"].size();
  }
  EXPECT_EQ(ids, 10u);
}

TEST(BudgetRuns, ABudgetOfTheWrongShapeIsAnInputErrorNamingIt) {
  json error;
  auto engine = make_engine({{"config", config()}, {"budget", {{"ms", "soon"}}}}, error);
  EXPECT_FALSE(engine);
  EXPECT_EQ(error["message"], "budget.ms: expected whole milliseconds above 0, got \"soon\"");
}

}  // namespace
}  // namespace moodle_sync
