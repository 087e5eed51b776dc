// A document set fed by an events run: the entities events name bring their dependents as a read
// of changed entities does (a course saved brings its registrations), their read sets no mark, and
// only a JSON:API 404 of an entity's own GET makes it gone.
#include <gtest/gtest.h>

#include "moodle_sync/config.hpp"
#include "moodle_sync/document_set.hpp"

namespace moodle_sync {
namespace {

const char* kCourse = "1b5fe941-c8f1-5244-9986-7801df666730";

std::unique_ptr<DocumentSet> make_set(const json& journal = json::array()) {
  json config = {{"site", {{"urls", {"https://learn.example.edu"}}}},
                 {"source", {{"type", "jsonapi"}, {"url", "https://learn.example.edu"}}},
                 {"moodle", {{"url", "https://moodle.example.edu"}}},
                 {"components",
                  {{"courses", {{"bundle", "course"}, {"idnumber_pattern", "course-{id}"}, {"category", {{"fixed", 1}}},
                                {"mapping", {{"fullname", "title"}, {"shortname", "field_code"}}}}},
                   {"enrolments", {{"registration", {{"type", "registration--reg"}, {"user_field", "user_uid"}, {"course_field", "course"},
                                                     {"default_role", 5}}}}}}}};
  json error;
  auto set = make_document_set({{"config", config}, {"journal", journal}}, error);
  EXPECT_TRUE(set) << error.dump();
  return set;
}

json course_page(long long changed) {
  json r = {{"type", "node--course"}, {"id", kCourse},
            {"attributes", {{"drupal_internal__nid", 10}, {"title", "C10"}, {"field_code", "C10"}, {"field_moodle_id", "70"}, {"changed", changed}}}};
  return {{"data", {r}}, {"links", {{"self", {{"href", "https://learn.example.edu/jsonapi/node/course"}}}}}};
}

json query(const char* kind) {
  return {{"type", "node--course"}, {"kind", kind}, {"path", "/jsonapi/node/course"}, {"params", json::array()}};
}

bool asks_registrations(const json& followups) {
  for (const auto& q : followups["queries"]) {
    if (q["type"] == "registration--reg" && q["kind"] == "dependents") return true;
  }
  return false;
}

TEST(EventsDocumentSet, ACourseAnEventNamedBringsItsRegistrations) {
  auto set = make_set();
  ASSERT_EQ(set->add("https://learn.example.edu/jsonapi/node/course?e", query("events"), course_page(1800000000).dump())["ok"], true);
  EXPECT_TRUE(asks_registrations(set->followups()));
  // The contrast: the same page read by uuid (a pending entity) brings no dependents.
  auto by_uuid = make_set();
  by_uuid->add("https://learn.example.edu/jsonapi/node/course?u", query("uuids"), course_page(1800000000).dump());
  EXPECT_FALSE(asks_registrations(by_uuid->followups()));
}

TEST(EventsDocumentSet, AnEventCausedByTheToolsOwnWriteBackBringsNoDependents) {
  // The webhooks module posts an update for the tool's own PATCH of field_moodle_id too.
  auto set = make_set({{{"kind", "written"}, {"type", "node--course"}, {"uuid", kCourse}, {"changed", 1800000000}}});
  set->add("https://learn.example.edu/jsonapi/node/course?e", query("events"), course_page(1800000000).dump());
  EXPECT_FALSE(asks_registrations(set->followups()));
}

TEST(EventsDocumentSet, AnEventsReadAloneSetsNoMark) {
  auto set = make_set();
  set->add("https://learn.example.edu/jsonapi/node/course?e", query("events"), course_page(1800000000).dump());
  EXPECT_EQ(set->read_scope().value("marks", json()), false);
  auto listing = make_set();
  listing->add("https://learn.example.edu/jsonapi/node/course?c", query("changed"), course_page(1800000000).dump());
  EXPECT_FALSE(listing->read_scope().contains("marks"));
}

json gone_answer(int status, const std::string& body, const std::string& type = "application/vnd.api+json") {
  return {{"type", "node--course"}, {"uuid", "5a0c7c36-9d0e-4a53-8d3a-3f1d5b9e2a11"}, {"id", "12"},
          {"url", "https://learn.example.edu/jsonapi/node/course/5a0c7c36-9d0e-4a53-8d3a-3f1d5b9e2a11"},
          {"status", status}, {"body", body}, {"content_type", type}};
}

const std::string kNotFound =
    R"({"errors":[{"title":"Not Found","status":"404","detail":"The \"entity\" parameter was not converted for the path \"/jsonapi/node/course/{entity}\""}]})";

const json kIdFree = {{"status", 200}, {"content_type", "application/vnd.api+json"}, {"body", R"({"data":[]})"}};

TEST(EventsDocumentSet, OnlyAJsonApi404OfTheEntityMakesItGone) {
  const std::vector<json> not_evidence = {
      gone_answer(403, R"({"errors":[{"status":"403","detail":"not allowed"}]})"),
      gone_answer(404, R"({"errors":[{"status":"404","detail":"No route found for \"GET /jsonapi/node/course/x\""}]})"),
      gone_answer(404, kNotFound, "text/html"),
      gone_answer(404, "<html>gone</html>", "text/html"),
      gone_answer(500, ""),
      gone_answer(0, ""),
      gone_answer(200, R"({"data":{}})"),
  };
  for (const auto& answer : not_evidence) {
    auto set = make_set();
    json said = set->add_gone(answer);
    EXPECT_EQ(said["gone"], false) << answer.dump();
    EXPECT_FALSE(set->read_scope().contains("gone")) << answer.dump();
  }
  auto set = make_set();
  json answer = gone_answer(404, kNotFound);
  answer["id_answer"] = kIdFree;
  EXPECT_EQ(set->add_gone(answer), json({{"ok", true}, {"gone", true}}));
  EXPECT_EQ(set->add_gone(answer), json({{"ok", true}, {"gone", true}}));  // twice: listed once
  EXPECT_EQ(set->read_scope()["gone"], json({{"node--course", {{{"uuid", "5a0c7c36-9d0e-4a53-8d3a-3f1d5b9e2a11"}, {"id", "12"}}}}}));
}

// The event's Drupal id names a Moodle object only when Drupal shows that no entity has it: a
// wrong payload id (a live entity's) must not make that entity's course gone.
TEST(EventsDocumentSet, TheEventsIdIsKeptOnlyWhenDrupalShowsNoEntityHasIt) {
  const json live = {{"status", 200}, {"content_type", "application/vnd.api+json"},
                     {"body", R"({"data":[{"type":"node--course","id":"x","attributes":{"drupal_internal__nid":12}}]})"}};
  const json hidden = {{"status", 200}, {"content_type", "application/vnd.api+json"},
                       {"body", R"({"data":[],"meta":{"omitted":{"detail":"hidden"}}})"}};
  for (const json& id_answer : {json(), live, hidden, json({{"status", 403}, {"content_type", "application/vnd.api+json"}, {"body", "{}"}})}) {
    auto set = make_set();
    json answer = gone_answer(404, kNotFound);
    if (!id_answer.is_null()) answer["id_answer"] = id_answer;
    json said = set->add_gone(answer);
    EXPECT_EQ(said["gone"], true) << id_answer.dump();
    EXPECT_NE(said.value("note", std::string()).find("is not used"), std::string::npos) << said.dump();
    EXPECT_EQ(set->read_scope()["gone"], json({{"node--course", {{{"uuid", "5a0c7c36-9d0e-4a53-8d3a-3f1d5b9e2a11"}}}}})) << id_answer.dump();
  }
}

TEST(EventsDocumentSet, AnEntityReadInTheSameRunIsNotGone) {
  auto set = make_set();
  set->add("https://learn.example.edu/jsonapi/node/course?e", query("events"), course_page(1800000000).dump());
  json answer = gone_answer(404, kNotFound);
  answer["uuid"] = kCourse;
  EXPECT_EQ(set->add_gone(answer)["gone"], false);
}

TEST(EventsDocumentSet, AGoneCheckNeverEchoesItsBodyBeyondDrupalsDetail) {
  auto set = make_set();
  json said = set->add_gone(gone_answer(404, "<html>password=hunter2</html>", "text/html"));
  EXPECT_EQ(said["error"]["message"].get<std::string>().find("hunter2"), std::string::npos) << said.dump();
}

}  // namespace
}  // namespace moodle_sync
