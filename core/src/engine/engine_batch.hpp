#pragma once
// How one kind of batched Moodle call behaves: its function and list parameter, what its answer
// holds, and what success means for the entities in it.
#include <functional>

#include "engine/outcome.hpp"
#include "moodle_sync/json.hpp"
#include <string>
#include <vector>

namespace moodle_sync {

struct Run;

struct BatchSpec {
  std::string wsfunction;
  std::string list_key;   // "courses", "users", "enrolments", ...
  std::string component;  // for messages and read-backs
  // member_warnings: add_cohort_members' warnings name no item, only "user id=N" in their text.
  enum class Answer { created_list, warnings, member_warnings, none } answer = Answer::none;
  // Per-item calls (update_courses, update_users, delete_courses) answer warnings and apply the
  // rest; the others are all-or-nothing and are split to isolate a bad item.
  bool all_or_nothing = true;
  Outcome success_outcome = Outcome::updated;  // none: the outcome of what the run planned
  // Fields a create answer echoes per item: they must equal the item sent (the answer's order).
  std::vector<std::string> echo_keys;
  // Errors that Moodle raises after committing the call (the enrolment welcome message).
  std::string committed_errorcode;
  std::function<void(Run&)> after_success;  // extra work once an item succeeded
  // Journal record(s) of an item that succeeded (an object or a list), recorded right after the call.
  std::function<json(const Run&, const json& item)> journal_of;
  // Write-ahead: record(s) of an item journaled BEFORE the call, so that a run killed between the
  // call and its answer leaves a claim whose state is unknown (sent again), never a lost one.
  std::function<json(const Run&, const json& item)> intent_of;
};

}  // namespace moodle_sync
