#pragma once
// The one way a completion run (push or pull) hands its changes to Drupal.
#include <vector>

#include "components/completion/completion_fields.hpp"
#include "engine/engine_state.hpp"

namespace moodle_sync {

// Writes what changes (or, in a dry run, shows it): one write_fields action per entity, with every
// changed field; an entity without a change is unchanged.
void write_or_plan(Engine::State& s, Run& run, const std::vector<FieldChange>& changes);

}  // namespace moodle_sync
