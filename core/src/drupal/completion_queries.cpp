// The JSON:API reads of a completion run: the registrations of `completion.registration_type`
// (of given courses when asked), each with its user and course, and only the fields completion
// reads: the references, the registration state, the completion fields, the moodle ids and the
// course total field.
#include "drupal/completion_queries.hpp"

#include <algorithm>

#include "drupal/query.hpp"
#include "drupal/resource_type.hpp"
#include "moodle_sync/component_entities.hpp"
#include "moodle_sync/drupal_source.hpp"

namespace moodle_sync::drupal {
namespace {

void add_unique(std::vector<std::string>& list, const std::string& value) {
  if (!value.empty() && std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

std::string joined(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& s : list) out += (out.empty() ? "" : ",") + s;
  return out;
}

std::string first_segment(const std::string& path) { return path.substr(0, path.find('.')); }

std::vector<std::string> course_ids_of(const json& in) {
  std::vector<std::string> out;
  if (!in.contains("course_ids") || in["course_ids"].is_null()) return out;
  if (!in["course_ids"].is_array()) throw DrupalInputError("input \"course_ids\": expected a list of Drupal course ids");
  for (std::size_t i = 0; i < in["course_ids"].size(); ++i) {
    auto id = EntityId::from_value(in["course_ids"][i]);
    if (!id || !id->is_number()) throw DrupalInputError("input \"course_ids[" + std::to_string(i) + "]\": expected a Drupal course id, got " + to_text(in["course_ids"][i]));
    add_unique(out, id->text());
  }
  if (out.empty()) throw DrupalInputError("input \"course_ids\": an empty list reads nothing; leave it out to read every course");
  return out;
}

}  // namespace

json completion_queries(const Config& config, const json& in) {
  const json& c = config.component("completion");
  const std::string reg_type = c.value("registration_type", "");
  if (!config.enabled("completion") || reg_type.empty()) throw DrupalInputError("input \"mode\": completion is not configured (components.completion)");
  const std::string user_type = entity_type_of(config, "users");
  const std::string course_type = entity_type_of(config, "courses");
  const std::string user_field = first_segment(c.value("user_field", "user_uid"));
  const std::string course_field = first_segment(c.value("course_field", "entity_id"));
  // The Registration module keeps its host as attributes: entity_id beside entity_type_id.
  const bool course_by_id = course_field == "entity_id";
  const std::vector<std::string> course_ids = course_ids_of(in);

  std::vector<std::string> reg_fields = {id_key(reg_type), user_field, course_field};
  if (course_by_id) reg_fields.push_back("entity_type_id");
  const json& enrolments = config.component("enrolments");
  if (enrolments.contains("registration") && enrolments["registration"].value("type", "") == reg_type &&
      enrolments["registration"].contains("state_field")) {
    add_unique(reg_fields, first_segment(enrolments["registration"]["state_field"].get<std::string>()));
  }
  for (const char* f : {"completed", "completed_date", "activities"}) {
    add_unique(reg_fields, first_segment(c.value("fields", json::object()).value(f, "")));
  }
  std::vector<std::string> course_fields = {id_key(course_type), "field_moodle_id"};
  add_unique(course_fields, first_segment(c.value("course_total_field", "")));

  Query regs{reg_type, course_ids.empty() ? QueryKind::full : QueryKind::dependents, collection_path(reg_type), {}, std::nullopt};
  regs.params.push_back({"fields[" + reg_type + "]", joined(reg_fields)});
  regs.params.push_back({"include", course_by_id ? user_field : user_field + "," + course_field});
  regs.params.push_back({"fields[" + user_type + "]", id_key(user_type) + ",field_moodle_id"});
  if (!course_by_id) regs.params.push_back({"fields[" + course_type + "]", joined(course_fields)});
  regs.params.push_back({"sort", id_key(reg_type)});

  const std::size_t max_url = kMaxUrl - config.settings.value("source", json::object()).value("url", std::string()).size();
  json queries = json::array();
  if (course_ids.empty()) {
    queries.push_back(to_json(regs));
  } else {
    const std::string path = course_by_id ? course_field : course_field + "." + id_key(course_type);
    for (const Query& q : chunked_in(regs, path, course_ids, max_url)) queries.push_back(to_json(q));
  }
  if (course_by_id) {  // an attribute is not a relationship: the courses are a read of their own
    Query courses{course_type, course_ids.empty() ? QueryKind::full : QueryKind::references, collection_path(course_type), {}, std::nullopt};
    courses.params.push_back({"fields[" + course_type + "]", joined(course_fields)});
    courses.params.push_back({"sort", id_key(course_type)});
    if (course_ids.empty()) queries.push_back(to_json(courses));
    else for (const Query& q : chunked_in(courses, id_key(course_type), course_ids, max_url)) queries.push_back(to_json(q));
  }
  return {{"queries", queries}};
}

}  // namespace moodle_sync::drupal
