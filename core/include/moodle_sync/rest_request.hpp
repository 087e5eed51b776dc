#pragma once
// Encoding a Moodle web-service call as the form body PHP parses: nested JSON -> bracket keys
// (`courses[0][customfields][0][shortname]=level`), UTF-8 percent-encoded, booleans as 1/0.
#include <cstddef>
#include <string>
#include <vector>

#include "moodle_sync/json.hpp"

namespace moodle_sync {

// wstoken, wsfunction and moodlewsrestformat ride in every request beside the parameters.
constexpr std::size_t kFixedVariables = 3;
constexpr std::size_t kDefaultMaxInputVars = 5000;

struct EncodedCall {
  std::string wsfunction;
  // "wsfunction=F&moodlewsrestformat=json&<params>". The host puts "wstoken=<token>&" in front, so
  // that the core never holds a secret and the token is the first variable PHP reads.
  std::string body;
  std::size_t variables = 0;  // every form variable of the request, the token included
};

// Throws std::invalid_argument when params is not an object or the call exceeds `budget` variables
// (PHP would silently drop the rest: never send such a call).
EncodedCall encode_call(const std::string& wsfunction, const json& params,
                        std::size_t budget = kDefaultMaxInputVars);

// Number of form variables a value becomes (nulls and empty lists send nothing).
std::size_t count_variables(const json& value);

// encodeURIComponent: everything but A-Z a-z 0-9 - _ . ! ~ * ' ( ) is percent-encoded as UTF-8 bytes.
std::string percent_encode(const std::string& text);

struct Batch {
  std::size_t begin = 0;  // index of the first item
  std::size_t end = 0;    // one past the last item
};

// Splits items (given as their variable counts) into consecutive batches whose requests stay within
// `budget` variables, with at most `max_items` items each (0 = no item limit). Throws
// std::invalid_argument naming the item that cannot fit even alone.
std::vector<Batch> plan_batches(const std::vector<std::size_t>& item_variables,
                                std::size_t other_variables, std::size_t budget,
                                std::size_t max_items = 0);

}  // namespace moodle_sync
