#pragma once
// A run's report digested for people: what to read first (the site guard, the summary per
// component, the problems grouped by cause) and the changes, collapsed so that a large site still
// gives a short text. The hosts only render it.
#include "moodle_sync/json.hpp"

namespace moodle_sync {

// Input: {"report": a run's report, "verbose": list everything (default false), "shown": entries
// per component and entities per problem before collapsing (default 20 and 5)}.
json digest_report(const json& input);

}  // namespace moodle_sync
