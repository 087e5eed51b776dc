#pragma once
// The answer to POST /events once its events are queued: the report when the run ended within the
// budget, else the run's id to ask about later.
#include "moodle_sync/json.hpp"

namespace moodle_sync {

// {run_id, state: done | queued | running | duplicate | ignored, accepted, ignored, report?} -> {status, body}
json event_answer(const json& input);

}  // namespace moodle_sync
