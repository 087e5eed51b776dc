#pragma once
// The writes a sync of a plan would send, counted by a dry run as the engine would cut them
// (queue_batches: max_batch_items and the max_input_vars budget): the plan's `planned_calls`.
#include <map>
#include <string>
#include <vector>

#include "engine/engine_state.hpp"

namespace moodle_sync {

struct PlannedCalls : ComponentState {
  struct Count {
    std::size_t requests = 0;
    std::size_t items = 0;
  };
  std::map<std::string, Count> by_function;
};

void count_planned(Engine::State& s, const std::string& wsfunction, std::size_t requests, std::size_t items);

// What queue_batches does instead of sending when the run writes nothing: counts the requests it
// cut, and the follow-up updates of creates as created() would queue them (a suspended new user).
void count_planned_batches(Engine::State& s, const BatchSpec& spec, const std::vector<Run*>& item_runs, std::size_t requests);

// A course copied from its template (components/courses/template_copy.cpp).
void count_planned_duplicate(Engine::State& s, const Run& r);

// {total, by_function: {wsfunction: {requests, items}}}
json planned_calls_value(const Engine::State& s);

}  // namespace moodle_sync
