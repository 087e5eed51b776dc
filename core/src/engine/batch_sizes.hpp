#pragma once
// Batch sizes from measurement. Moodle's time per item grows with the batch (300 courses in one
// call cost about 4x more per course than 100) while each call also has a fixed cost, so the best
// size lies in between and differs by function. The host measures every call (`elapsed_ms` of its
// result: data, never read from a clock here); per function the sizes tried are kept with their
// time per item, and the next batch takes the best size so far after its untried neighbours have
// been tried: the size falls while the time per item falls, and goes back up once it rises.
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "engine/engine_state.hpp"

namespace moodle_sync {

// The sizes a batch may take below `ceiling`: the ceiling, then each about 2/3 of the one before, to 1.
std::vector<std::size_t> size_ladder(std::size_t ceiling);

// What one function's calls took in this run, by size on the ladder.
class FunctionTimes {
 public:
  // A call of `items` items took `elapsed_ms`: counted for the ladder size nearest to `items`.
  void note(std::size_t items, double elapsed_ms, std::size_t ceiling);
  // The size of the next batch: the ceiling before any measurement.
  std::size_t next(std::size_t ceiling) const;
  // {size: ms per item} as measured (for tests and the report's figures).
  std::map<std::size_t, double> per_item_ms() const;

 private:
  struct Measure {
    double per_item_ms = 0;
    int samples = 0;
  };
  std::map<std::size_t, Measure> by_size_;
};

// The run's batch settings and measurements (a state kept beside the components').
struct BatchSizes : ComponentState {
  bool adaptive = true;
  std::size_t max_request_bytes = 0;
  std::map<std::string, FunctionTimes> by_function;  // the batched write functions of this run
  std::size_t largest_body_read = 0;                 // the largest request Moodle answered in JSON
};

// The settings are read from the configuration once.
BatchSizes& batch_sizes(Engine::State& s);

// Engine::feed: a call's result, to measure its time per item and what body sizes Moodle reads.
void note_call_result(Engine::State& s, const json& action, const json& result);

}  // namespace moodle_sync
