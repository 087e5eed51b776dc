#include "components/courses/course_objects.hpp"

#include "engine/engine_state.hpp"
#include "moodle_sync/component_entities.hpp"
#include "moodle_sync/moodle_id.hpp"

namespace moodle_sync {

ComponentRead courses_read() {
  ComponentRead read = table_read("core_course_get_courses", "Moodle's courses", "course", load_courses);
  read.by_ids = [](const json& ids) { return json{{"options", {{"ids", ids}}}}; };  // options[ids][i]; unknown ids are left out
  return read;
}

ComponentBatches course_batches(const std::string& component) {
  using A = BatchSpec::Answer;
  return {batch_spec("core_course_create_courses", "courses", component, A::created_list, true, Outcome::created, {"shortname"}),
          batch_spec("core_course_update_courses", "courses", component, A::warnings, false, Outcome::updated),
          // delete_courses is per item and slow (about 0.2 s a course on Moodle).
          batch_spec("core_course_delete_courses", "courseids", component, A::warnings, false, Outcome::deleted)};
}

std::vector<std::string> course_functions(const Config& config, const std::string& component) {
  std::vector<std::string> f = {"core_course_get_courses", "core_course_create_courses", "core_course_update_courses"};
  const json& s = config.component(component);
  if (s.contains("template_field")) f.push_back("core_course_duplicate_course");
  if (s.value("deleted", "keep") == "delete") f.push_back("core_course_delete_courses");
  return f;
}

bool is_reserved_course_field(const std::string& field) { return field == "categoryid" || field == "customfields"; }

// The template course a course is copied from: 0 for none; an issue when it has no id (yet).
// The template matters only for a course still to be made.
long long CourseObjects::copy_source(Engine::State& s, Run& r, std::vector<EntityIssue>& issues) const {
  if (!copies_ || r.decision.action != MoodleIdAction::create) return 0;
  const json& settings = s.setup.config.component(r.component);
  if (!settings.contains("template_field")) return 0;
  std::string field = settings["template_field"].get<std::string>();
  PathValue t = s.setup.store.resolve(*r.entity, field);
  if (!t.found) {
    issues.push_back({r.entity->label(), "template", field, t.problem});
    return 0;
  }
  if (t.value.is_null() || (t.value.is_array() && t.value.empty())) return 0;
  const json& ref = t.value.is_array() ? t.value[0] : t.value;
  const Entity* tpl = is_reference(ref) ? s.setup.store.find(ref["type"].get<std::string>(), ref["id"].get<std::string>()) : nullptr;
  if (tpl && !tpl->unusable.empty()) {
    issues.push_back({r.entity->label(), "template", field, "the template " + tpl->unusable, false, tpl->unusable});
    return 0;
  }
  MoodleIdDecision d = tpl ? decide_moodle_id(tpl->attributes.value("field_moodle_id", json()))
                           : MoodleIdDecision{MoodleIdAction::ignore, 0, "not in the export"};
  if (d.action == MoodleIdAction::update) return d.moodle_id;
  if (d.action == MoodleIdAction::create) issues.push_back({r.entity->label(), "template", field, "waits for " + tpl->label() + ", which has no moodle id yet", true});
  else issues.push_back({r.entity->label(), "template", field, "the template " + (tpl ? tpl->label() : to_text(ref)) + " is " + d.reason});
  return 0;
}

void CourseObjects::complete_item(Engine::State&, Run&, json& item) const {
  if (item.contains("enddate") && item.value("format", "") == "weeks") {
    // A weeks course computes its own end date unless told not to: keep the mapped one.
    item["courseformatoptions"] = json::array({{{"name", "automaticenddate"}, {"value", 0}}});
  }
}

// A course custom field the site does not define (known from any course, which lists them all).
std::string CourseObjects::unknown_custom_field(Engine::State& s, const json& item) const {
  if (!item.contains("customfields")) return {};
  const auto& courses = s.tables["course"].records();
  if (courses.empty()) return {};
  const json& defined = courses.begin()->second.value("customfields", json::object());
  for (const auto& cf : item["customfields"]) {
    std::string name = cf.value("shortname", "");
    if (!defined.contains(name)) return name;
  }
  return {};
}

// A course is adopted by shortname only when the journal says this entity was making a copy under
// that shortname and the copy never got its idnumber; any other course with that shortname was
// made by someone else and is never taken over.
const json* CourseObjects::find_other(Engine::State& s, Run& r, const json&, json&, bool copy) const {
  auto intent = s.copy_intents.find({r.entity->type, r.entity->uuid});
  if (copy && intent != s.copy_intents.end()) {
    const json* found = s.tables["course"].by_shortname(intent->second.first);
    if (found && found->value("idnumber", "").empty() && found->value("id", 0LL) > intent->second.second) {
      r.note = "the copy made for it by an earlier, interrupted run was found by its shortname: adopted";
      return found;
    }
  }
  return nullptr;
}

void CourseObjects::reread(Engine::State& s) const { s.queue_read(courses_read()); }

}  // namespace moodle_sync
