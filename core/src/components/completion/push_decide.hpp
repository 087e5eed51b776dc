#pragma once
// What a completion push changes in Drupal: its keys mapped to entities through the idnumber
// patterns, a course's `total` resetting its registrations before its users' facts, the stale
// guard, and per registration only the fields that really change. Pure: the engine turns the
// decisions into write_fields actions and the report.
#include <string>
#include <vector>

#include "components/completion/completion_fields.hpp"
#include "components/completion/push_payload.hpp"
#include "moodle_sync/config.hpp"
#include "moodle_sync/entity.hpp"

namespace moodle_sync {

// How a push names courses and users: the Moodle idnumber ("course-100", the component's
// idnumber_pattern) or the bare Drupal id ("100").
struct PushKeys {
  std::string course_type, course_pattern, user_type, user_pattern;
  static PushKeys from_config(const Config& config);
  // `idnumber_only`: a Moodle idnumber read from Moodle, where only the pattern names an entity.
  const Entity* course(const EntityStore& store, const std::string& key, bool idnumber_only = false) const;
  const Entity* user(const EntityStore& store, const std::string& key, bool idnumber_only = false) const;
};

// One entity the push concerns: a registration (or a course, for its total field).
struct PushDecision {
  const Entity* entity = nullptr;
  bool course_total = false;
  std::vector<FieldChange> changes;  // empty: unchanged, or skipped when `skipped` says why
  std::string skipped;
  std::string course_key, user_key;
};

struct PushDecisions {
  std::vector<PushDecision> entities;  // in the payload's order; every registration once
  int unknown_courses = 0, unknown_users = 0, stale = 0;
  std::vector<std::string> notes;  // unknown keys and pairs without a registration, by key only
};

PushDecisions decide_push(const std::vector<PushedCourse>& courses, const EntityStore& store, const CompletionFields& fields,
                          const PushKeys& keys);

// report.completion_answer: {status, body: {status: 1, message: "Updated X nodes and Y
// registrations", unknown: {courses, users}, rejected, stale}}. `nodes`: course entities whose total
// field changed; `registrations`: registrations with at least one field written; `failed`: writes
// that did not land (the answer is then 500, so that the sender tries again: a push is idempotent).
json push_answer(const PushDecisions& d, std::size_t rejected, int nodes, int registrations, int failed);

// The 400 of a body that is not JSON or not of a push's shape: nothing is written.
json invalid_push_answer(const std::string& problem);

}  // namespace moodle_sync
