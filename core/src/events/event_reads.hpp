#pragma once
// The JSON:API reads of an events run: the entities the events name, by uuid, whose dependents the
// document set then follows as it does after a read of changed entities; an individual GET of
// each deleted entity (its 404 is the evidence that it is gone); and the entities the journal
// holds as pending.
#include <map>
#include <string>
#include <vector>

#include "moodle_sync/config.hpp"
#include "moodle_sync/json.hpp"

namespace moodle_sync {

// {events, journal?} -> {queries: [source_queries' shape], gone_checks: [{type, uuid, path}]}
json event_reads(const Config& config, const json& input);

// The reads (kind "events") of the entities {type: [uuid]} named by events: what event_reads asks
// for them, and what a retry of those not found yet asks.
json event_entity_queries(const Config& config, const std::map<std::string, std::vector<std::string>>& uuids);

}  // namespace moodle_sync
