#pragma once
// JSON text from outside the core (a configuration, Moodle's answers, Drupal's pages, a host's
// input) parsed with a limit on its nesting. The parser itself keeps its own stack, but copying,
// comparing and printing a value recurse once per level: a document nested thousands of levels
// deep would exhaust the native stack, or WebAssembly's, and end the process. No document the core
// reads comes close to the limit.
#include <cstddef>
#include <string>
#include <vector>

#include "moodle_sync/json.hpp"

namespace moodle_sync {

// Levels of objects and arrays one text may nest (the outermost value is level 1).
constexpr std::size_t kMaxJsonDepth = 256;

struct ParsedJson {
  bool ok = false;
  json value;             // the document, when ok
  bool too_deep = false;  // refused for its nesting, not its syntax
  std::size_t byte = 0;   // where the parser stopped (0-based byte offset), when !ok
  std::string path;       // where the nesting went too deep ("$.components.courses[0]..."), when too_deep
  std::string message;    // "nested deeper than 256 levels at $.a[0]... (byte 812)" or the syntax error, when !ok
};

// Never throws. A syntax error's message names its byte offset; the excerpt nlohmann adds ("last
// read: ...") is left out, because the text may hold a secret.
ParsedJson parse_json(const std::string& text, std::size_t max_depth = kMaxJsonDepth);

// parse_json's value, or a discarded value (is_discarded()) when the text is refused.
json parse_json_or_discarded(const std::string& text, std::size_t max_depth = kMaxJsonDepth);

// The JSON path of a position given as its keys and indices, shortened in the middle past a few
// levels: "$.components.courses.mapping.summary[0][0]...[0]".
std::string json_path_text(const std::vector<std::string>& segments);

// The offset of the first byte that is not part of a well-formed UTF-8 character (overlong forms,
// surrogates and code points past U+10FFFF included), or std::string::npos when the text is UTF-8.
std::size_t first_invalid_utf8(const std::string& text);

}  // namespace moodle_sync
