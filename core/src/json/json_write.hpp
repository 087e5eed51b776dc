#pragma once
// JSON text of a value, byte for byte what to_text() gives (nlohmann's dump without indent, UTF-8
// kept, invalid UTF-8 replaced), written quicker (json_write.cpp): for the large answers (a site's
// plan is tens of megabytes).
#include <string>

#include "moodle_sync/json.hpp"

namespace moodle_sync {

// `ascii`: every character beyond ASCII escaped as \uXXXX, as nlohmann's dump with ensure_ascii
// writes it: the same value, in a text JavaScript decodes and parses quicker (one byte a character).
std::string json_write(const json& value, bool ascii = false);
// The same text, appended to `out`: a long text written value by value into one string.
void json_write_to(const json& value, bool ascii, std::string& out);

}  // namespace moodle_sync
