// What the decision vectors do not show of live and incremental runs: the exit code a refused
// write-back leads to, one note for a read of many pages, marks from `changed` in unix seconds,
// and the read scope's own checks.
#include <gtest/gtest.h>

#include "moodle_sync/engine.hpp"
#include "moodle_sync/state_store.hpp"

namespace moodle_sync {
namespace {

json config() {
  return {{"site", {{"urls", {"https://learn.example.edu"}}}},
          {"source", {{"path", "export"}}},
          {"moodle", {{"url", "https://moodle.example.edu"}, {"retry_delay_ms", 0}}},
          {"components",
           {{"courses",
             {{"bundle", "course"}, {"idnumber_pattern", "course-{id}"}, {"category", {{"fixed", 1}}}, {"deleted", "delete"},
              {"mapping", {{"fullname", "title"}, {"shortname", "field_code"}}}}}}}};
}

json course(int nid, const std::string& moodle_id, const json& changed = nullptr) {
  json attributes = {{"drupal_internal__nid", nid}, {"title", "C" + std::to_string(nid)}, {"field_code", "C" + std::to_string(nid)},
                     {"field_moodle_id", moodle_id}};
  if (!changed.is_null()) attributes["changed"] = changed;
  return {{"type", "node--course"}, {"id", "n" + std::to_string(nid)}, {"attributes", attributes}};
}

// One page of the course collection, as a live read hands it over: links.next on every page but the last.
json page(std::vector<json> data, bool more) {
  json links = {{"self", {{"href", "https://learn.example.edu/jsonapi/node/course"}}}};
  if (more) links["next"] = {{"href", "https://learn.example.edu/jsonapi/node/course?page%5Boffset%5D=50"}};
  return {{"name", "page"}, {"document", {{"data", data}, {"links", links}}}};
}

json moodle_courses(const std::vector<std::pair<long long, int>>& courses) {
  json list = json::array({{{"id", 1}, {"shortname", "lab"}, {"categoryid", 0}, {"fullname", "Lab"}, {"idnumber", ""}, {"format", "site"}}});
  for (const auto& [id, nid] : courses) {
    std::string c = "C" + std::to_string(nid);
    list.push_back({{"id", id}, {"shortname", c}, {"categoryid", 1}, {"fullname", c}, {"idnumber", "course-" + std::to_string(nid)},
                    {"summary", ""}, {"summaryformat", 1}, {"format", "topics"}, {"visible", 1}, {"customfields", json::array()}});
  }
  return {{"status", 200}, {"body", list.dump()}};
}

struct RunResult {
  json report;
  json actions = json::array();
};

// Runs an engine to its end: `answers` for the calls in order, `write_back` for every write-back.
RunResult run(json input, std::vector<json> answers, const json& write_back = {{"ok", true}}) {
  json error;
  auto engine = make_engine(std::move(input), error);
  EXPECT_TRUE(engine) << error.dump();
  RunResult out;
  if (!engine) return out;
  std::size_t next = 0;
  for (int guard = 0; guard < 1000; ++guard) {
    json a = engine->next();
    if (a["kind"] == "done") break;
    if (a["kind"] == "journal_replace") a["records"] = journal_records(engine->journal_text());  // the store's text, read back
    out.actions.push_back(a);
    if (a["kind"] == "call") engine->feed(next < answers.size() ? answers[next++] : json{{"status", 0}, {"transport_error", "none"}});
    else if (a["kind"] == "write_back") engine->feed(write_back);
    else engine->feed({{"ok", true}});
  }
  out.report = engine->report();
  return out;
}

json kept_records(const RunResult& o) {
  for (const auto& a : o.actions) {
    if (a["kind"] == "journal_replace") return a["records"];
  }
  return nullptr;
}

std::size_t count_kind(const RunResult& o, const std::string& kind) {
  std::size_t n = 0;
  for (const auto& a : o.actions) n += a["kind"] == kind;
  return n;
}

TEST(IncrementalRuns, AWriteBackRefusedForTheSetUpStopsTheRunWithExitCodeTwo) {
  json input = {{"config", config()}, {"site_url", "https://learn.example.edu"}, {"read", {{"mode", "incremental"}}},
                {"documents", {page({course(10, ""), course(11, "")}, false)}}};
  RunResult o = run(input, {moodle_courses({}), {{"status", 200}, {"body", R"([{"id":80,"shortname":"C10"},{"id":81,"shortname":"C11"}])"}}},
                  {{"ok", false}, {"class", "setup"}, {"error", "JSON:API is configured to accept only read operations"}});
  EXPECT_EQ(o.report["fatal"]["class"], "setup");
  EXPECT_EQ(o.report["exit_code"], 2);
  EXPECT_EQ(count_kind(o, "write_back"), 1u) << "the second write-back would fail alike: it is not sent";
  json kept = kept_records(o);
  ASSERT_TRUE(kept.is_array());
  std::size_t ids = 0;
  for (const auto& r : kept) ids += r.contains("moodle_id");
  EXPECT_EQ(ids, 2u) << "the journal keeps both ids: " << kept.dump();
}

TEST(IncrementalRuns, AWriteBackRefusedForCredentialsStopsTheRunWithExitCodeTwo) {
  json input = {{"config", config()}, {"site_url", "https://learn.example.edu"}, {"read", {{"mode", "incremental"}}},
                {"documents", {page({course(10, "")}, false)}}};
  RunResult o = run(input, {moodle_courses({}), {{"status", 200}, {"body", R"([{"id":80,"shortname":"C10"}])"}}},
                  {{"ok", false}, {"class", "credentials"}, {"error", "account sync may not PATCH"}});
  EXPECT_EQ(o.report["fatal"]["class"], "credentials");
  EXPECT_EQ(o.report["exit_code"], 2);
}

TEST(IncrementalRuns, AnEntityErrorOfAWriteBackFailsThatEntityWithExitCodeOne) {
  json input = {{"config", config()}, {"site_url", "https://learn.example.edu"}, {"read", {{"mode", "incremental"}}},
                {"documents", {page({course(10, "")}, false)}}};
  RunResult o = run(input, {moodle_courses({}), {{"status", 200}, {"body", R"([{"id":80,"shortname":"C10"}])"}}},
                  {{"ok", false}, {"class", "entity"}, {"field", "field_moodle_id"}, {"error", "too long"}});
  EXPECT_FALSE(o.report.contains("fatal"));
  EXPECT_EQ(o.report["exit_code"], 1);
  EXPECT_EQ(o.report["entities"][0]["error"]["field"], "field_moodle_id");
  EXPECT_EQ(o.report["entities"][0]["error"]["class"], "entity");
}

TEST(IncrementalRuns, ManyPagesOfAnIncrementalReadGiveOneNote) {
  json input = {{"config", config()}, {"site_url", "https://learn.example.edu"}, {"read", {{"mode", "incremental"}}},
                {"documents", {page({course(10, "70")}, true), page({course(11, "71")}, true), page({course(12, "72")}, false)}}};
  RunResult o = run(input, {moodle_courses({{70, 10}, {71, 11}, {72, 12}, {73, 13}})});
  ASSERT_TRUE(o.report["notes"].is_array());
  EXPECT_EQ(o.report["notes"].size(), 1u) << o.report["notes"].dump();
  EXPECT_NE(o.report["notes"][0].get<std::string>().find("incremental run"), std::string::npos);
  EXPECT_EQ(o.report["summary"]["deleted"], 0) << "course 13 is only missing from an incremental read";
}

TEST(IncrementalRuns, AFullReadOfEveryPageIsCompleteWhenItsTypeIsListed) {
  // Every page but the last carries links.next; complete_types says the read reached the end.
  json input = {{"config", config()}, {"site_url", "https://learn.example.edu"},
                {"read", {{"mode", "full"}, {"complete_types", {"node--course"}}}},
                {"documents", {page({course(10, "70")}, true), page({course(11, "71")}, false)}}};
  RunResult o = run(input, {moodle_courses({{70, 10}, {71, 11}, {73, 13}}), {{"status", 200}, {"body", R"({"warnings":[]})"}}});
  EXPECT_FALSE(o.report.contains("notes")) << o.report["notes"].dump();
  EXPECT_EQ(o.report["summary"]["deleted"], 1) << "course 13 is missing from a complete read: deleted per policy";
}

TEST(IncrementalRuns, AHighWaterMarkTakesChangedInUnixSecondsToo) {
  json input = {{"config", config()}, {"site_url", "https://learn.example.edu"}, {"read", {{"mode", "incremental"}}},
                {"journal", {{{"kind", "high_water"}, {"type", "node--course"}, {"changed", 1000}}}},
                {"documents", {page({course(10, "70", 1800000000), course(11, "71", "2027-01-15T08:00:00Z")}, false)}}};
  RunResult o = run(input, {moodle_courses({{70, 10}, {71, 11}})});
  json kept = kept_records(o);
  ASSERT_TRUE(kept.is_array());
  ASSERT_EQ(kept.size(), 1u) << kept.dump();
  EXPECT_EQ(kept[0], json({{"kind", "high_water"}, {"type", "node--course"}, {"changed", 1800000000}}));
}

TEST(IncrementalRuns, AMarkNeverMovesBack) {
  json input = {{"config", config()}, {"site_url", "https://learn.example.edu"}, {"read", {{"mode", "incremental"}}},
                {"journal", {{{"kind", "high_water"}, {"type", "node--course"}, {"changed", 1900000000}}}},
                {"documents", {page({course(10, "70", 1800000000)}, false)}}};
  RunResult o = run(input, {moodle_courses({{70, 10}})});
  EXPECT_EQ(kept_records(o), json::array({{{"kind", "high_water"}, {"type", "node--course"}, {"changed", 1900000000}}}));
}

TEST(IncrementalRuns, AReadScopeIsCheckedNamingItsJsonPath) {
  for (const auto& [read, path] : std::vector<std::pair<json, std::string>>{
           {{{"mode", "partly"}}, "read.mode"},
           {{{"mode", "full"}, {"complete_types", "node--course"}}, "read.complete_types"},
           {{{"mode", "full"}, {"complete_types", {1}}}, "read.complete_types[0]"},
           {{{"mode", "incremental"}, {"census", {{"node--course", {{{"id", 1}}}}}}}, "read.census.node--course[0].uuid"},
           {{{"mode", "incremental"}, {"census", {{"node--course", {{{"id", nullptr}, {"uuid", "n1"}}}}}}}, "read.census.node--course[0].id"},
           {json("incremental"), "read"}}) {
    json error;
    auto engine = make_engine({{"config", config()}, {"read", read}}, error);
    EXPECT_FALSE(engine) << read.dump();
    EXPECT_EQ(error.value("kind", ""), "read");
    EXPECT_EQ(error.value("message", "").rfind(path + ":", 0), 0u) << error.dump();
  }
}

}  // namespace
}  // namespace moodle_sync
