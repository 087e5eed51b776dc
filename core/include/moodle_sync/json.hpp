#pragma once
// One JSON type for the whole core. Its objects keep keys in the order they were written, so that
// encoded calls, plans and reports read in a stable, natural order (mapping order, not alphabetical).
#include <nlohmann/json.hpp>

#include "moodle_sync/json_object.hpp"

namespace moodle_sync {
using json = nlohmann::basic_json<movable_ordered_map>;

// JSON text that never throws: strings from outside (Moodle's answers, the export) may hold
// invalid UTF-8, which is replaced rather than allowed to abort a run.
inline std::string to_text(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }
}
