#pragma once
// One JSON type for the whole core. ordered_json keeps keys in the order they were written, so that
// encoded calls, plans and reports read in a stable, natural order (mapping order, not alphabetical).
#include <nlohmann/json.hpp>

namespace moodle_sync {
using json = nlohmann::ordered_json;
}
