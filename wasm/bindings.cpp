// The Embind surface of the core: deliberately flat. The core knows nothing of JavaScript; this
// file only names what crosses the boundary, and js/core.mjs turns it into a JavaScript API.
#include <emscripten/bind.h>

#include <string>

#include "moodle_sync/api.hpp"

namespace {

std::string call_api(const std::string& operation, const std::string& input_json) {
  return moodle_sync::call_api_text(operation, input_json);
}

std::string version() { return moodle_sync::core_version(); }

}  // namespace

EMSCRIPTEN_BINDINGS(moodle_sync) {
  emscripten::function("callApi", &call_api);
  emscripten::function("version", &version);
}
