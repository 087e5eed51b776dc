#pragma once
// The writes of a completion run, push or pull: the fields that change are written with one
// write_fields action per entity; a dry run (or a site guard that refuses writes) shows them.
#include <vector>

#include "components/completion/completion_fields.hpp"
#include "engine/engine_state.hpp"

namespace moodle_sync {

void write_or_plan(Engine::State& s, Run& run, const std::vector<FieldChange>& changes);

}  // namespace moodle_sync
