// A completion run's writes to Drupal: one write_fields action per entity with every field that
// changes. A refusal is classified like a write-back's (refused_write): set-up and credentials stop
// the run; anything else fails that entity only.
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
  std::string why;
  std::string cls = refused_write(result, "writing completions to Drupal", why);
  json error = {{"class", cls}, {"message", (result.value("not_sent", false) ? "not written: " : "could not be written: ") + why}};
  if (result.value("field", json()).is_string()) error["field"] = result["field"];
  fail(r, error);
}

}  // namespace moodle_sync
