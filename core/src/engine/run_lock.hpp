#pragma once
// The run lock: two runs on the same state refuse each other. The host reads the lock file and
// whether its holder's process is alive; the core decides whether this run takes the lock, takes
// over one a dead run left behind, or refuses, and says so.
#include "moodle_sync/json.hpp"

namespace moodle_sync {

// Input: {"lock_file", "me": {pid, host, started_at}, "held": the lock's content or null (no lock),
// "held_text": the lock's text when it is not JSON, "holder_alive": whether its pid runs here}.
// Answer: {"decision": "take" | "take_over" | "refuse", "message"?, "note"?, "exit_code"?}.
json decide_run_lock(const json& input);

}  // namespace moodle_sync
