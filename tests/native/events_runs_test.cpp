// What an events run does to the state the next run starts from: its read sets no high-water mark
// (the entities it read say nothing of the others), and an entity whose deletion an event reported
// (its own GET answered 404) is gone for the state records as a census would make it: its pending,
// id and written records go; its course is found by the journal's id when the event gave no id.
#include <gtest/gtest.h>

#include "moodle_sync/engine.hpp"
#include "moodle_sync/state_store.hpp"

namespace moodle_sync {
namespace {

json config(const char* deleted = "delete") {
  return {{"site", {{"urls", {"https://learn.example.edu"}}}},
          {"source", {{"path", "export"}}},
          {"moodle", {{"url", "https://moodle.example.edu"}, {"retry_delay_ms", 0}}},
          {"components",
           {{"courses",
             {{"bundle", "course"}, {"idnumber_pattern", "course-{id}"}, {"category", {{"fixed", 1}}}, {"deleted", deleted},
              {"mapping", {{"fullname", "title"}, {"shortname", "field_code"}}}}}}}};
}

json course_page(int nid, long long changed) {
  std::string c = "C" + std::to_string(nid);
  json r = {{"type", "node--course"}, {"id", "n" + std::to_string(nid)},
            {"attributes", {{"drupal_internal__nid", nid}, {"title", c}, {"field_code", c}, {"field_moodle_id", "70"}, {"changed", changed}}}};
  return {{"name", "page"}, {"document", {{"data", {r}}, {"links", {{"self", {{"href", "https://learn.example.edu/jsonapi/node/course"}}}}}}}};
}

json moodle_courses() {
  json list = json::array({{{"id", 1}, {"shortname", "lab"}, {"categoryid", 0}, {"fullname", "Lab"}, {"idnumber", ""}, {"format", "site"}}});
  for (const auto& [id, nid] : std::vector<std::pair<int, int>>{{70, 10}, {71, 11}, {72, 12}}) {
    std::string c = "C" + std::to_string(nid);
    list.push_back({{"id", id}, {"shortname", c}, {"categoryid", 1}, {"fullname", c}, {"idnumber", "course-" + std::to_string(nid)},
                    {"summary", ""}, {"summaryformat", 1}, {"format", "topics"}, {"visible", 1}, {"customfields", json::array()}});
  }
  return {{"status", 200}, {"body", list.dump()}};
}

struct EventsRun {
  json actions = json::array();
  json kept;
};

EventsRun run(json input) {
  json error;
  auto engine = make_engine(std::move(input), error);
  EXPECT_TRUE(engine) << error.dump();
  EventsRun out;
  if (!engine) return out;
  for (int guard = 0; guard < 1000; ++guard) {
    json a = engine->next();
    if (a["kind"] == "done") break;
    if (a["kind"] == "journal_replace") a["records"] = journal_records(engine->journal_text());  // the store's text, read back
    out.actions.push_back(a);
    if (a["kind"] == "journal_replace") out.kept = a["records"];
    if (a["kind"] == "call") {
      engine->feed(a["wsfunction"] == "core_course_get_courses" ? moodle_courses() : json{{"status", 200}, {"body", "null"}});
    } else {
      engine->feed({{"ok", true}});
    }
  }
  return out;
}

const json kJournal = {{{"kind", "high_water"}, {"type", "node--course"}, {"changed", 1000}},
                       {{"kind", "pending"}, {"type", "node--course"}, {"uuid", "n12"}},
                       {{"kind", "id"}, {"type", "node--course"}, {"uuid", "n12"}, {"moodle_id", 72}},
                       {{"kind", "written"}, {"type", "node--course"}, {"uuid", "n12"}, {"changed", 990}}};

json input(json read) {
  return {{"config", config()}, {"site_url", "https://learn.example.edu"}, {"read", std::move(read)},
          {"journal", kJournal}, {"documents", {course_page(10, 1800000000)}}};
}

bool holds(const json& records, const json& wanted) {
  for (const auto& r : records) if (r == wanted) return true;
  return false;
}

std::vector<json> deletions(const EventsRun& o) {
  std::vector<json> out;
  for (const auto& a : o.actions) if (a["kind"] == "call" && a["wsfunction"] == "core_course_delete_courses") out.push_back(a["params"]);
  return out;
}

TEST(EventsRuns, AnEventsReadMovesNoHighWaterMark) {
  EventsRun o = run(input({{"mode", "incremental"}, {"marks", false}}));
  EXPECT_TRUE(holds(o.kept, {{"kind", "high_water"}, {"type", "node--course"}, {"changed", 1000}})) << o.kept.dump();
  // The contrast: the same read as an incremental listing moves the mark to the entity read.
  EventsRun listing = run(input({{"mode", "incremental"}}));
  EXPECT_TRUE(holds(listing.kept, {{"kind", "high_water"}, {"type", "node--course"}, {"changed", 1800000000}})) << listing.kept.dump();
}

TEST(EventsRuns, AnEntityGoneByEventLeavesNoStateRecords) {
  EventsRun o = run(input({{"mode", "incremental"}, {"marks", false}, {"gone", {{"node--course", {{{"uuid", "n12"}}}}}}}));
  for (const auto& r : o.kept) EXPECT_NE(r.value("uuid", std::string()), "n12") << r.dump();
  // Not gone (no event, or a GET that did not answer 404): its records stay for a later run.
  EventsRun kept = run(input({{"mode", "incremental"}, {"marks", false}}));
  EXPECT_TRUE(holds(kept.kept, {{"kind", "pending"}, {"type", "node--course"}, {"uuid", "n12"}})) << kept.kept.dump();
  EXPECT_TRUE(holds(kept.kept, {{"kind", "id"}, {"type", "node--course"}, {"uuid", "n12"}, {"moodle_id", 72}})) << kept.kept.dump();
}

TEST(EventsRuns, ACourseGoneByEventWithoutItsIdIsFoundByTheJournalsId) {
  EventsRun o = run(input({{"mode", "incremental"}, {"marks", false}, {"gone", {{"node--course", {{{"uuid", "n12"}}}}}}}));
  ASSERT_EQ(deletions(o).size(), 1u) << o.actions.dump();
  EXPECT_EQ(deletions(o)[0], json({{"courseids", {72}}}));
}

TEST(EventsRuns, OnlyTheCoursesOfEntitiesGoneByEventAreRemoved) {
  // Course 11 is neither read nor gone: an events run says nothing of it.
  EventsRun o = run(input({{"mode", "incremental"}, {"marks", false}, {"gone", {{"node--course", {{{"uuid", "n99"}, {"id", "12"}}}}}}}));
  ASSERT_EQ(deletions(o).size(), 1u) << o.actions.dump();
  EXPECT_EQ(deletions(o)[0], json({{"courseids", {72}}}));
}

TEST(EventsRuns, AnEntityGoneByEventButReadInTheSameRunIsNotGone) {
  json in = input({{"mode", "incremental"}, {"marks", false}, {"gone", {{"node--course", {{{"uuid", "n10"}, {"id", "10"}}}}}}});
  EventsRun o = run(in);
  EXPECT_TRUE(deletions(o).empty()) << o.actions.dump();
}

}  // namespace
}  // namespace moodle_sync
