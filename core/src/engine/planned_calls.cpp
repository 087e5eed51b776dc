#include "engine/planned_calls.hpp"

namespace moodle_sync {
namespace {
const char* const kKey = "planned_calls";  // among the states a run keeps, beside the components'
}  // namespace

void count_planned(Engine::State& s, const std::string& wsfunction, std::size_t requests, std::size_t items) {
  PlannedCalls::Count& c = s.state_of<PlannedCalls>(kKey).by_function[wsfunction];
  c.requests += requests;
  c.items += items;
}

void count_planned_batches(Engine::State& s, const BatchSpec& spec, const std::vector<Run*>& item_runs, std::size_t requests) {
  if (item_runs.empty()) return;
  count_planned(s, spec.wsfunction, requests, item_runs.size());
  if (spec.answer != BatchSpec::Answer::created_list) return;
  std::vector<Run*> follow;
  std::vector<json> follow_items;
  for (Run* r : item_runs) {
    if (r->followup.is_null()) continue;
    json item = r->followup;
    item["id"] = r->moodle_id;  // a placeholder id: as many variables as Moodle's
    follow.push_back(r);
    follow_items.push_back(std::move(item));
  }
  if (!follow.empty()) s.queue_batches(s.update_spec(spec.component), std::move(follow), std::move(follow_items));
}

json planned_calls_value(const Engine::State& s) {
  json by_function = json::object();
  std::size_t total = 0;
  if (const PlannedCalls* p = s.state_if<PlannedCalls>(kKey)) {
    for (const auto& [fn, c] : p->by_function) {
      by_function[fn] = {{"requests", c.requests}, {"items", c.items}};
      total += c.requests;
    }
  }
  return {{"total", total}, {"by_function", by_function}};
}

}  // namespace moodle_sync
