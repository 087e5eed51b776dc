// A completion run's writes to Drupal: one write_fields action per entity with every field that
// changes. The source classifies a refusal like a write-back's: set-up and credentials would refuse
// every write alike, so the run stops; anything else fails that entity only.
#include "engine/engine_state.hpp"

namespace moodle_sync {

Task Engine::State::write_fields_task(Run& run, json fields) {
  Run* r = &run;
  Task task;
  task.action = {{"kind", "write_fields"},
                 {"entity", {{"type", r->entity->type}, {"uuid", r->entity->uuid}, {"id", r->entity->id}, {"label", r->entity->label()}}},
                 {"fields", std::move(fields)},
                 {"purpose", "completion"}};
  task.on_result = [this, r](const json& result) {
    if (result.value("ok", false)) return finish(*r, Outcome::updated);
    write_fields_failed(*r, result);
  };
  return task;
}

void Engine::State::write_fields_failed(Run& r, const json& result) {
  std::string cls = result.value("class", json()).is_string() ? result["class"].get<std::string>() : "transient";
  std::string why = result.value("error", json()).is_string() ? result["error"].get<std::string>() : "?";
  bool field = result.value("field", json()).is_string();
  if (field && why.find(result["field"].get<std::string>()) == std::string::npos) why = "field " + result["field"].get<std::string>() + ": " + why;
  if (result.value("not_sent", false)) {
    cls = fatal.value("class", "transient");
  } else if (cls == "setup" || cls == "credentials") {
    if (fatal.is_null()) fatal = {{"class", cls}, {"message", "writing completions to Drupal failed: " + why}};
    write_backs_stopped = true;
  } else if (cls != "entity" && cls != "protocol") {
    cls = "transient";
  }
  json error = {{"class", cls}, {"message", (result.value("not_sent", false) ? "not written: " : "could not be written: ") + why}};
  if (field) error["field"] = result["field"];
  fail(r, error);
}

}  // namespace moodle_sync
