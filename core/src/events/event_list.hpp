#pragma once
// The events a run was handed (event_parse's output, possibly of several requests), checked and
// reduced to one operation per entity: the last one said wins.
#include <string>
#include <vector>

#include "moodle_sync/json.hpp"

namespace moodle_sync {

struct EntityEvent {
  std::string op;  // insert, update, delete
  std::string type;
  std::string uuid;
  std::string id;  // "" when the event did not say
};

// `events`: [{op, type, uuid, id?}]; throws std::invalid_argument naming "events[i].<key>".
std::vector<EntityEvent> last_event_per_entity(const json& events);

}  // namespace moodle_sync
