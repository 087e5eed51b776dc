#pragma once
// What happened to one entity in a run (its outcome) and what the plan says will happen to it (its
// intent). Inside the core they are enums; their words exist only where JSON is written or read:
// the report, the plan value and the replay.
#include <string>

namespace moodle_sync {

// recovered: created by an earlier run that was stopped before the id reached Drupal; the journal kept it.
enum class Outcome { none, created, recovered, adopted, updated, unchanged, ignored, stale, blocked, failed, skipped, deleted };

enum class Intent {
  none,
  create,
  adopt,
  update,
  unchanged,
  ignore,
  stale,
  skip,
  fail,
  delete_object,
  suspend,
  move_to_trash,
  gone,  // an enrolment that went with its user or course
  unenrol,
  remove_role,
  remove_members,
};

std::string to_string(Outcome outcome);
std::string to_string(Intent intent);
Outcome outcome_from_string(const std::string& text);  // an unknown word is Outcome::none

// The outcome of carrying out an intent (create -> created ...); none for an intent no call carries out.
Outcome outcome_of(Intent intent);

}  // namespace moodle_sync
