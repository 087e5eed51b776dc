// The form encoder: a call's parameters (any JSON value) become the body PHP parses. The input is
// JSON text; text that is not JSON is percent-encoded as it is. A call over its variable budget
// must be refused by std::invalid_argument, nothing else.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "moodle_sync/json_text.hpp"
#include "moodle_sync/rest_request.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace moodle_sync;
  const std::string text(reinterpret_cast<const char*>(data), size);
  (void)percent_encode(text);
  ParsedJson parsed = parse_json(text);
  if (!parsed.ok) return 0;
  const json params = parsed.value.is_object() ? parsed.value : json{{"items", parsed.value}};
  (void)count_variables(params);
  // A small budget too, so that refusals are exercised as often as successes.
  for (std::size_t budget : {kDefaultMaxInputVars, std::size_t{8}}) {
    try {
      EncodedCall call = encode_call("core_course_create_courses", params, budget);
      if (call.variables > budget) __builtin_trap();  // PHP would drop the rest silently
    } catch (const std::invalid_argument&) {
    }
  }
  return 0;
}
