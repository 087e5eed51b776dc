#pragma once
// A lease in a shared state store (the run lock of a host without a process table, a lock per
// entity, the replay cache of signed requests): a record {holder, expires_at} under a key. The
// host reads the record and writes the answer's record with compare-and-swap; the core decides.
#include "moodle_sync/json.hpp"

namespace moodle_sync {

// Input: {"key", "me": {"holder"}, "held": {"holder", "expires_at"} | null, "now" (unix seconds),
// "ttl_seconds"}. Answer: {"decision": "take" | "renew" | "take_over" | "refuse", "record":
// {"holder", "expires_at"}, "message"?}. take: nobody holds it; renew: I hold it (expired or not);
// take_over: its holder's lease expired; refuse: another holds it (record: theirs, message: whose,
// until when). A held record without a holder or an expiry is taken over: no live run wrote it.
// Throws std::invalid_argument naming the input field that is wrong.
json decide_lease(const json& input);

}  // namespace moodle_sync
