#pragma once
// A strict, quick reader for well-formed JSON text (fast_parse.cpp). parse_json tries it first.
#include <string>

#include "moodle_sync/json.hpp"

namespace moodle_sync {

// True, with the value in `out`, when the text is well-formed JSON nested at most `max_depth` levels
// with no repeated key in an object; false (out untouched) for anything else, which nlohmann must read.
bool fast_parse(const std::string& text, std::size_t max_depth, json& out);

}  // namespace moodle_sync
