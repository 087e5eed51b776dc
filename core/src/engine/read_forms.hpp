#pragma once
// How a table is read in the observe phase: whole, or only the objects the plan needs by their ids
// (core_course_get_courses options[ids], core_cohort_get_cohorts cohortids), whichever costs fewer
// bytes. Decided by counting: the ids needed, the table's size the journal kept from its last whole
// read, and the bytes of each form (the id list's form encoding, split under max_input_vars). An id
// list is never a census: a plan that may remove objects, or look one up by idnumber, reads whole.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/component.hpp"
#include "moodle_sync/json.hpp"

namespace moodle_sync {

// A table's size as the journal kept it from its last whole read; unknown until one was made.
struct TableSize {
  long long rows = -1;
  long long bytes = -1;
  bool known() const { return rows >= 0 && bytes >= 0; }
};

struct ReadFormChoice {
  bool by_ids = false;
  std::string reason;
  std::vector<json> id_calls;  // the params of each call of the id-list form (chosen or not)
  long long whole_bytes = -1;  // estimated bytes sent and received by each form; -1: unknown
  long long ids_bytes = -1;
};

// `whole_needed`: why the plan needs every object of the table (empty: only the objects of `ids`).
ReadFormChoice choose_read_form(const ComponentRead& read, const std::vector<long long>& ids, const std::string& whole_needed,
                                TableSize size, std::size_t budget);
json to_json(const ReadFormChoice& choice);

// The decision as the API gives it: {wsfunction, ids, whole_needed?, table_size?: {rows, bytes},
// max_input_vars?} -> {form: "ids" | "whole", reason, whole: {calls, bytes}, ids: {calls, bytes}}.
json read_form_answer(const json& input);

// Queues the observe phase's table reads (one per table), each in the form chosen for this run.
void queue_table_reads(Engine::State& s, const std::map<std::string, ComponentRead>& reads);
// False when the table was read by an id list: an object missing from it may exist.
bool table_read_whole(Engine::State& s, const std::string& table);
// Whether the read of the table would have returned this object: read whole, or its id was asked for.
bool table_read_covers(Engine::State& s, const std::string& table, long long id);
// The record the journal keeps of a table read whole: {kind: "table_size", table, rows, bytes}.
json table_size_record(const std::string& table, long long rows, long long bytes);

}  // namespace moodle_sync
