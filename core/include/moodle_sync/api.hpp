#pragma once
// The core's one JSON-in, JSON-out entry point. The WebAssembly binding exposes exactly this, and
// the decision vectors call it natively, so both builds are checked through the same door.
//
// Every answer is {"ok": true, "value": ...} or {"ok": false, "error": {"kind", "message", ...}}.
#include <string>

#include "moodle_sync/json.hpp"

namespace moodle_sync {

json call_api(const std::string& operation, const json& input);

// The same, with JSON text on both sides (what crosses the WebAssembly boundary). `ascii`: the
// answer's characters beyond ASCII are written as \u escapes (the same value; JavaScript decodes and
// parses such a text quicker).
std::string call_api_text(const std::string& operation, const std::string& input_json, bool ascii = false);

const char* core_version();

}  // namespace moodle_sync
