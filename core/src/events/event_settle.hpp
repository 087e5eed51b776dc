#pragma once
// Drupal posts an event inside the save's transaction: the read that follows may not see the
// entity yet. What to read again, after how long, and what to give up on.
#include "moodle_sync/config.hpp"
#include "moodle_sync/json.hpp"

namespace moodle_sync {

// {events, found: {type: [uuid present in the set]}, attempt (1-based: the reads made so far)}
// -> {retry: {uuids: {type: [uuid]}, delay_ms} | null, missing: [{type, uuid, op, message}]}
json event_settle(const Config& config, const json& input);

}  // namespace moodle_sync
