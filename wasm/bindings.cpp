// The Embind surface of the core: deliberately flat. The core knows nothing of JavaScript; this
// file only names what crosses the boundary (JSON text both ways), and js/core.mjs turns it into a
// JavaScript API that never hands a raw handle to its callers.
#include <emscripten/bind.h>

#include <memory>
#include <string>

#include "moodle_sync/api.hpp"
#include "moodle_sync/engine.hpp"

namespace {

using moodle_sync::json;
using moodle_sync::to_text;

std::string call_api(const std::string& operation, const std::string& input_json) {
  return moodle_sync::call_api_text(operation, input_json);
}

std::string version() { return moodle_sync::core_version(); }

// The sans-IO engine for one run. Failures come back as JSON, never as a thrown number.
class EngineHandle {
 public:
  explicit EngineHandle(const std::string& input_json) {
    json input = json::parse(input_json, nullptr, false);
    if (input.is_discarded()) {
      error_ = {{"kind", "input"}, {"message", "the engine input is not valid JSON"}};
      return;
    }
    engine_ = moodle_sync::make_engine(std::move(input), error_);
  }

  std::string error() const { return error_.is_null() ? std::string() : error_.dump(-1, ' ', false, json::error_handler_t::replace); }

  std::string next() {
    try {
      return engine_->next().dump(-1, ' ', false, json::error_handler_t::replace);
    } catch (const std::exception& e) {
      return to_text(json{{"kind", "error"}, {"message", e.what()}});
    }
  }

  // A result the engine cannot take ends the run with a report instead of a bare number in JS.
  void feed(const std::string& result_json) {
    json result = json::parse(result_json, nullptr, false);
    try {
      engine_->feed(result.is_discarded() ? json::object() : result);
    } catch (const std::exception& e) {
      engine_->stop(std::string("an answer could not be handled: ") + e.what());
    }
  }

  std::string report() const { return engine_->report().dump(-1, ' ', false, json::error_handler_t::replace); }

  // The reads' answers of an observe run, for the plan and the apply run.
  // The plan of a dry run: the same value as the pure plan of its snapshot, without planning again.
  std::string plan(bool allow_removals) const { return engine_->plan(allow_removals).dump(-1, ' ', false, json::error_handler_t::replace); }

  std::string snapshot() const { return engine_->snapshot().dump(-1, ' ', false, json::error_handler_t::replace); }

 private:
  std::unique_ptr<moodle_sync::Engine> engine_;
  json error_;
};

}  // namespace

EMSCRIPTEN_BINDINGS(moodle_sync) {
  emscripten::function("callApi", &call_api);
  emscripten::function("version", &version);
  emscripten::class_<EngineHandle>("Engine")
      .constructor<std::string>()
      .function("error", &EngineHandle::error)
      .function("next", &EngineHandle::next)
      .function("feed", &EngineHandle::feed)
      .function("report", &EngineHandle::report)
      .function("snapshot", &EngineHandle::snapshot)
      .function("plan", &EngineHandle::plan);
}
