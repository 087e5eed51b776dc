// The run's time budget. The clock is data: the host measures each action and says how long it
// took (`elapsed_ms` in its result). Once the sum reaches the budget the run stops where nothing
// is left half done: a group of writes already begun (an intent journaled before its call, a
// template copy and its update) goes on to its end, its records and write-backs included; no new
// group is begun, nothing more is planned, and the state store is told what the next run needs.
#include <cmath>

#include "engine/engine_state.hpp"

namespace moodle_sync {

void Engine::State::count_elapsed(const json& result) {
  if (!result.is_object()) return;
  auto it = result.find("elapsed_ms");
  if (it == result.end() || !it->is_number()) return;
  const double ms = it->get<double>();
  if (ms > 0) spent_ms += std::llround(ms);
}

void Engine::State::stop_at_safe_point() {
  if (stopped.is_null()) {
    const bool over = setup.budget_ms > 0 && spent_ms + setup.budget_spent_ms >= setup.budget_ms;
    // A run that has begun no write yet goes on until it has: each run moves the sync forward,
    // even when reading alone took the whole budget. A fatal error stops the run by itself.
    if (!over || begun_groups.empty() || !fatal.is_null() || journal_replaced) return;
    const bool work_left = phase != Phase::finished || std::any_of(queue.begin(), queue.end(), [this](const Task& t) {
                             return t.group != 0 && !begun_groups.count(t.group);
                           });
    if (!work_left) return;  // all was done within the budget: not a stopped run
    stopped = {{"reason", "budget"}};
    phase = Phase::finished;  // nothing more is planned: the next run plans what is left
  }
  queue.erase(std::remove_if(queue.begin(), queue.end(), [this](const Task& t) { return t.group != 0 && !begun_groups.count(t.group); }),
              queue.end());
}

}  // namespace moodle_sync
