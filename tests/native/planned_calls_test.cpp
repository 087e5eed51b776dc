// The plan's planned_calls: the writes a sync of the plan would send, per function the requests
// (batches cut by max_batch_items and the max_input_vars budget) and the items in them. Every sync
// vector whose own run went through without a failure is planned again as a dry run of the same
// Moodle: its planned_calls must be the writes that run sent, request for request.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "engine/moodle_reads.hpp"
#include "moodle_sync/api.hpp"
#include "moodle_sync/engine.hpp"
#include "sync_vectors.hpp"

namespace moodle_sync {
namespace {

using testing_vectors::SyncCase;

// A run that went as planned: no failure, nothing blocked or stopped, every answer a success.
bool clean_run(const SyncCase& c) {
  if (c.input.contains("budget") || c.input.value("dry_run", false) || !c.expect.value("ok", false)) return false;
  const json& report = c.expect["value"]["report"];
  if (report.contains("fatal") || report.contains("stopped")) return false;
  const json& summary = report["summary"];
  if (summary.value("failed", 0) || summary.value("blocked", 0)) return false;
  for (const auto& a : c.input.value("answers", json::array())) {
    if (!a.is_object() || a.value("status", 0) != 200 || a.contains("transport_error") || a.value("body", std::string()).find("exception") != std::string::npos) return false;
  }
  return true;
}

// {wsfunction: {requests, items}} of the writes the vector's own run sent, by function name.
json writes_sent(const SyncCase& c) {
  std::vector<std::string> list = moodle_reads();
  std::set<std::string> reads(list.begin(), list.end());
  std::map<std::string, std::pair<std::size_t, std::size_t>> sent;
  for (const json& call : testing_vectors::calls_of_run(c)) {
    const std::string fn = call["call"].get<std::string>();
    if (reads.count(fn)) continue;
    std::size_t items = 1;  // a call without a list (a course's copy) is one item
    for (const auto& [key, value] : call["params"].items()) {
      if (value.is_array()) items = value.size();
    }
    sent[fn].first += 1;
    sent[fn].second += items;
  }
  json out = json::object();
  for (const auto& [fn, count] : sent) out[fn] = {{"requests", count.first}, {"items", count.second}};
  return out;
}

TEST(PlannedCalls, EveryCleanSyncVectorSendsWhatItsDryRunPlanned) {
  std::size_t compared = 0, with_writes = 0;
  for (const SyncCase& c : testing_vectors::sync_cases()) {
    if (!clean_run(c)) continue;
    auto engine = testing_vectors::dry_run(c, [](const json&) {});
    ASSERT_TRUE(engine) << c.name;
    json planned = engine->plan(false)["planned_calls"];
    json sent = writes_sent(c);
    EXPECT_EQ(planned["by_function"], sent) << c.name;
    std::size_t total = 0;
    for (const auto& [fn, count] : sent.items()) total += count["requests"].get<std::size_t>();
    EXPECT_EQ(planned["total"], total) << c.name;
    ++compared;
    with_writes += !sent.empty();
  }
  EXPECT_GE(compared, 100u);
  EXPECT_GE(with_writes, 60u);
}

// ---- Sizes: what the batching of the engine makes of many items

json config(json moodle, json components) {
  moodle["url"] = "https://moodle.example.edu";
  return {{"site", {{"urls", {"https://learn.example.edu"}}}}, {"source", {{"path", "export"}}}, {"moodle", moodle}, {"components", components}};
}

json courses_component() {
  return {{"courses",
           {{"bundle", "course"}, {"idnumber_pattern", "course-{id}"}, {"category", {{"fixed", 1}}},
            {"mapping", {{"fullname", "title"}, {"shortname", "field_code"}}}}}};
}

json course_documents(int count, bool with_moodle_ids = false) {
  json data = json::array();
  for (int nid = 1; nid <= count; ++nid) {
    data.push_back({{"type", "node--course"},
                    {"id", "n" + std::to_string(nid)},
                    {"attributes",
                     {{"drupal_internal__nid", nid}, {"title", "Course " + std::to_string(nid)}, {"field_code", "C" + std::to_string(nid)},
                      {"field_moodle_id", with_moodle_ids ? std::to_string(100 + nid) : ""}}}});
  }
  return json::array({{{"name", "courses.json"}, {"document", {{"data", data}, {"links", {{"self", {{"href", "https://learn.example.edu/jsonapi/node/course"}}}}}}}}});
}

json planned_of(const char* op, json input) {
  input["site_url"] = "https://learn.example.edu";
  json answer = call_api(op, input);
  EXPECT_TRUE(answer.value("ok", false)) << answer.dump().substr(0, 400);
  return answer["value"]["planned_calls"];
}

TEST(PlannedCalls, TwoHundredFiftyCoursesAreThreeRequestsOfAtMostOneHundred) {
  json planned = planned_of("preview", {{"config", config({{"max_batch_items", 100}}, courses_component())}, {"documents", course_documents(250)}});
  EXPECT_EQ(planned, json::parse(R"({"total": 3, "by_function": {"core_course_create_courses": {"requests": 3, "items": 250}}})"));
}

TEST(PlannedCalls, TheVariableBudgetCutsBeforeMaxBatchItems) {
  // A new course here is 4 variables (fullname, shortname, categoryid, idnumber) and a request has
  // 3 of its own: 203 variables hold 50 courses.
  json planned = planned_of("preview", {{"config", config({{"max_batch_items", 100}, {"max_input_vars", 203}}, courses_component())},
                                        {"documents", course_documents(250)}});
  EXPECT_EQ(planned["by_function"]["core_course_create_courses"], json::parse(R"({"requests": 5, "items": 250})"));
  planned = planned_of("preview", {{"config", config({{"max_batch_items", 100}, {"max_input_vars", 202}}, courses_component())},
                                   {"documents", course_documents(250)}});
  EXPECT_EQ(planned["by_function"]["core_course_create_courses"], json::parse(R"({"requests": 6, "items": 250})"));
}

// Moodle's answer to core_course_get_courses holding the courses as the export maps them, renamed.
json snapshot_of_courses(int count, const std::string& prefix) {
  json list = json::array();
  for (int nid = 1; nid <= count; ++nid) {
    list.push_back({{"id", 100 + nid}, {"shortname", "C" + std::to_string(nid)}, {"fullname", prefix + std::to_string(nid)}, {"categoryid", 1},
                    {"idnumber", "course-" + std::to_string(nid)}, {"format", "topics"}, {"visible", 1}, {"summary", ""}, {"summaryformat", 1}});
  }
  return {{"core_course_get_courses {}", {{"status", 200}, {"body", list.dump()}}}};
}

TEST(PlannedCalls, UpdatesCarryOnlyTheChangedFields) {
  // An update is the id and the changed fullname: 2 variables, so 23 variables hold 10 of them.
  json planned = planned_of("plan", {{"config", config({{"max_batch_items", 100}, {"max_input_vars", 23}}, courses_component())},
                                     {"documents", course_documents(25, true)},
                                     {"snapshot", snapshot_of_courses(25, "Old name ")}});
  EXPECT_EQ(planned, json::parse(R"({"total": 3, "by_function": {"core_course_update_courses": {"requests": 3, "items": 25}}})"));
}

TEST(PlannedCalls, APlanWithNothingToDoMakesNoCall) {
  json planned = planned_of("plan", {{"config", config(json::object(), courses_component())},
                                     {"documents", course_documents(25, true)},
                                     {"snapshot", snapshot_of_courses(25, "Course ")}});
  EXPECT_EQ(planned, json::parse(R"({"total": 0, "by_function": {}})"));
}

TEST(PlannedCalls, TheDigestPassesThemOn) {
  json plan = call_api("preview", {{"config", config({{"max_batch_items", 100}}, courses_component())},
                                   {"documents", course_documents(250)}, {"site_url", "https://learn.example.edu"}})["value"];
  json digest = call_api("digest_report", {{"report", plan}})["value"];
  EXPECT_EQ(digest["planned_calls"], plan["planned_calls"]);
  // A sync's report has none: it says what was sent (calls).
  plan.erase("planned_calls");
  EXPECT_FALSE(call_api("digest_report", {{"report", plan}})["value"].contains("planned_calls"));
}

}  // namespace
}  // namespace moodle_sync
