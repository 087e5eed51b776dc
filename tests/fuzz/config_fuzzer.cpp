// The configuration parser: any text a user may write into moodle-sync.json. The parser must
// answer with issues (each naming its JSON path), never crash, overflow or read out of bounds.
#include <cstddef>
#include <cstdint>
#include <string>

#include "moodle_sync/api.hpp"
#include "moodle_sync/config.hpp"
#include "moodle_sync/required_functions.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace moodle_sync;
  const std::string text(reinterpret_cast<const char*>(data), size);
  ConfigResult result = load_config(text, "fuzz.json");
  (void)format_issues(result.issues, "fuzz.json");
  if (result.ok()) {
    (void)to_text(result.config.settings);
    (void)required_functions(result.config);
  }
  // The same text as a host hands it over: the API's answer is JSON text in every case.
  (void)call_api_text("load_config", to_text(json{{"text", text}, {"file", "fuzz.json"}}));
  return 0;
}
