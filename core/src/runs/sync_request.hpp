#pragma once
// What a scheduled sync request asks of the next run: the reads (full, incremental since the
// journal's marks or a given time, and the census of deletions), the time budget, and whether it
// continues a full run that its budget stopped (the journal's {"kind": "resume", "mode": "full"}).
#include <stdexcept>
#include <string>

#include "moodle_sync/json.hpp"

namespace moodle_sync {

// A request body that cannot be honoured: `path` names the field ("body.budget_ms").
struct SyncRequestError : std::invalid_argument {
  SyncRequestError(const std::string& path, const std::string& what) : std::invalid_argument(path + ": " + what) {}
};

// The budget a request may ask for, in milliseconds: long enough for one batch, short enough for
// the platforms that end a function after 15 minutes.
constexpr long long kMinBudgetMs = 1000;
constexpr long long kMaxBudgetMs = 900000;

// Input: {"journal": [records], "body"?: {"full"?, "since"?, "budget_ms"?, "scan_deletions"?},
// "default_budget_ms"?}. Answer: {"reads": [{"mode": "full"} | {"mode": "incremental", "since"?}
// | {"mode": "census"}], "budget_ms", "resumed"}. A body that names neither `full` nor `since`
// continues a full run the journal says was stopped (resumed: true). Throws SyncRequestError.
json decide_sync_request(const json& input);

}  // namespace moodle_sync
