#pragma once
// A preview of a sync without reading Moodle: for every entity of the enabled components, the
// ignore rule, the idnumber, the mapped fields and the problems; then the create and update calls,
// batched under the max_input_vars budget, exactly as they would be encoded. Entities that wait
// for another entity's moodle id (a child category, a course in a new category) are listed as
// waiting, not guessed.
#include <string>

#include "moodle_sync/config.hpp"
#include "moodle_sync/entity.hpp"
#include "moodle_sync/json.hpp"
#include "moodle_sync/site_guard.hpp"

namespace moodle_sync {

json preview_sync(const Config& config, const EntityStore& store, const SourceSites& sources);

}  // namespace moodle_sync
