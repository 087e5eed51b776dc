#pragma once
// The body of POST /events, in either form, as the events a run reads: ours ({op, type, uuid, id?},
// one, a list, or {events: [...]}) or the webhooks module's ({"event": "entity:node:update",
// "entity": {core serialization}}). The body is a hint only: the run reads each entity again.
#include <stdexcept>

#include "moodle_sync/config.hpp"
#include "moodle_sync/json.hpp"

namespace moodle_sync {

// A body that is no valid event: the message starts with the JSON path of the problem.
struct EventInputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// {body, form: "ours" | "webhooks", event_header?} -> {events: [{op, type, uuid, id?}], ignored: [{index, reason}]}
json event_parse(const Config& config, const json& input);

}  // namespace moodle_sync
