#pragma once
// A completion run of mode "push": the payload read, the event form's Moodle reads (the course and
// the user by Moodle id for their idnumbers, then one status call), the decisions turned into
// write_fields actions and per-entity outcomes, and the answer the receiver sends back.
#include "engine/engine_state.hpp"

namespace moodle_sync {

// A plan pass of the completion component: false once nothing more is to be done.
bool plan_completion_push(Engine::State& s);

// report.completion_answer of a push run; null for any other run.
json completion_push_answer(const Engine::State& s);

}  // namespace moodle_sync
