#include "components/completion/completion_writes.hpp"

namespace moodle_sync {

void write_or_plan(Engine::State& s, Run& run, const std::vector<FieldChange>& changes) {
  run.changes = changes_shown(changes);
  if (changes.empty()) return s.finish(run, Outcome::unchanged);
  if (!s.writes) {
    run.planned = Intent::update;
    return s.finish(run, s.guard.writes_allowed ? Outcome::updated : Outcome::blocked);
  }
  s.queue.push_back(s.write_fields_task(run, fields_to_write(changes)));
  s.queue.back().group = s.new_group();  // a new write: a run stopped by its budget does not begin it
}

}  // namespace moodle_sync
