// The core's code keeps some objects it makes once, on first use, for the rest of the process:
// tables of its configuration's schema, of its transforms and components, patterns, and the like.
// Made during a run, each sits where the allocator found room then, amid that run's memory, and
// stays there when the run's memory is freed: a WebAssembly heap never shrinks, and the next run's
// input, megabytes in one block, then fits into no gap between them and grows the heap (by 4 MiB
// for the people re-sync). A preview of the bundled example site, run once before the module's first
// large request (js/core.mjs, writeRequest), makes them first, at the bottom of the heap.
#include <set>
#include <string>

#include "heap_settle.hpp"
#include "moodle_sync/api.hpp"
#include "moodle_sync/json.hpp"
#include "moodle_sync/json_text.hpp"

namespace moodle_sync_wasm {

bool settle_heap() try {
  using moodle_sync::json;
  json input = {{"text", kExampleConfig}, {"file", "moodle-sync.json"}, {"documents", json::array()}};
  for (std::size_t i = 0; i < kExampleFileCount; ++i) {
    const std::string name = kExampleFiles[i].name;
    json document = moodle_sync::parse_json_or_discarded(kExampleFiles[i].text);
    if (name == "site.json") input["site_declaration"] = std::move(document);
    else input["documents"].push_back({{"name", name}, {"document", std::move(document)}});
  }
  json answer = moodle_sync::parse_json_or_discarded(moodle_sync::call_api_text("preview", moodle_sync::to_text(input)));
  std::set<std::string> components;
  if (answer.is_object() && answer.value("ok", false) && answer["value"].contains("entities")) {
    for (const json& e : answer["value"]["entities"]) components.insert(e.value("component", ""));
  }
  // What a sync plans: every component but completion (which flows back from Moodle), and cohort
  // memberships besides.
  for (const char* c : {"categories", "cohorts", "courses", "enrolments", "memberships", "templates", "users"}) {
    if (!components.count(c)) return false;
  }
  return true;
} catch (...) {
  return false;  // only the memory's layout is at stake: the calls that follow go on as they would
}

}  // namespace moodle_sync_wasm
