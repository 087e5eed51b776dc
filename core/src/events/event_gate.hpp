#pragma once
// The gate of POST /events (and /sync): what a request gets before its body is read. The host
// verifies the signature itself with Web Crypto (constant time); the gate says which header form
// was used, what bytes the MAC covers, and every refusal that needs no body.
#include "moodle_sync/json.hpp"

namespace moodle_sync {

// {method, headers: {lower-cased name: value}, max_bytes, now (unix seconds), max_age_seconds}
// -> {accept: false, status, body, headers?}
//  | {accept: true, form: "ours" | "webhooks", verify: {algorithm, prefix, signature_hex}, replay_key,
//     replay_ttl_seconds, delivery?, unauthorized: {status: 401, body}}
json event_gate(const json& request);

}  // namespace moodle_sync
