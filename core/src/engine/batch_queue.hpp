#pragma once
// Batched writes cut as they are sent: each batch takes as many items as the size measured best
// so far allows (batch_sizes.hpp) within the max_input_vars budget, the max_request_bytes budget
// and max_batch_items. A request PHP dropped whole for its size is "too large": split, never fatal.
#include <cstddef>
#include <memory>
#include <vector>

#include "engine/engine_state.hpp"

namespace moodle_sync {

struct PendingBatches;

// A dry run's writes of one kind, measured item by item as they are planned and counted as
// queue_batches would cut them (planned_calls): the items themselves are not kept, where a site's
// creates were all held at once only to be counted.
class PlannedBatches {
 public:
  PlannedBatches(Engine::State& s, const BatchSpec& spec);
  ~PlannedBatches();
  PlannedBatches(const PlannedBatches&) = delete;
  PlannedBatches& operator=(const PlannedBatches&) = delete;
  void add(Run* r, const json& item);
  // Once every item is added, and the creates have their placeholder ids (a follow-up counts them).
  void count();

 private:
  Engine::State& s_;
  std::unique_ptr<PendingBatches> pending_;
};

// queue_batch: the call's result is watched for a body PHP dropped for its size; `dropped` is then
// set to the body's size before the call's own handler runs.
void watch_dropped_body(Engine::State& s, Task& call, std::shared_ptr<std::size_t> dropped);

// A batch whose request Moodle's PHP dropped: halves are sent again; one item alone is its error.
void too_large(Engine::State& s, const BatchSpec& spec, const std::vector<Run*>& item_runs, const std::vector<json>& items,
               std::size_t bytes);

}  // namespace moodle_sync
