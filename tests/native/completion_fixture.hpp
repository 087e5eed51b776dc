#pragma once
// A small export for the completion tests: courses 100 and 101, users 7 and 8, and registrations
// of type registration--course whose course is an entity_id attribute (the Registration module).
#include <string>
#include <vector>

#include "components/completion/completion_fields.hpp"

namespace completion_fixture {

using moodle_sync::json;

inline moodle_sync::CompletionFields mapped() {
  moodle_sync::CompletionFields f;
  f.registration_type = "registration--course";
  f.user_field = "user_uid";
  f.course_field = "entity_id";
  f.course_type = "node--course";
  f.completed = "field_completed";
  f.completed_date = "field_completed_date";
  f.activities = "field_activities";
  f.course_total_field = "field_total";
  return f;
}

inline json registration(const std::string& uuid, int id, const std::string& user, int course, json attributes = json::object()) {
  attributes["drupal_internal__id"] = id;
  attributes["entity_type_id"] = "node";
  attributes["entity_id"] = course;
  return {{"type", "registration--course"},
          {"id", uuid},
          {"attributes", attributes},
          {"relationships", {{"user_uid", {{"data", {{"type", "user--user"}, {"id", user}}}}}}}};
}

inline moodle_sync::EntityStore store_with(std::vector<json> registrations) {
  json data = json::array({
      {{"type", "node--course"}, {"id", "c100"}, {"attributes", {{"drupal_internal__nid", 100}, {"field_total", "3"}}}},
      {{"type", "node--course"}, {"id", "c101"}, {"attributes", {{"drupal_internal__nid", 101}}}},
      {{"type", "user--user"}, {"id", "u7"}, {"attributes", {{"drupal_internal__uid", 7}}}},
      {{"type", "user--user"}, {"id", "u8"}, {"attributes", {{"drupal_internal__uid", 8}}}},
  });
  for (auto& r : registrations) data.push_back(r);
  moodle_sync::EntityStore store;
  store.add_document({{"data", data}}, "export.json");
  return store;
}

}  // namespace completion_fixture
