#pragma once
// The registration fields completion writes to Drupal: the registrations of a (user, course) pair,
// the values Moodle's facts give them (one rule for push and pull) and only the fields whose value
// really changes, compared by meaning so that the same facts twice write nothing the second time.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "moodle_sync/config.hpp"
#include "moodle_sync/entity.hpp"
#include "moodle_sync/json.hpp"

namespace moodle_sync {

// The `completion` section as the writes need it. A field name left empty is not mapped: never
// read, never written.
struct CompletionFields {
  std::string registration_type;
  std::string user_field;    // a relationship to the user
  std::string course_field;  // a relationship, or an attribute holding the course id (entity_id)
  std::string course_type;   // the courses component's entity type, for course_field as an id
  std::string completed, completed_date, activities;
  std::string course_total_field;  // on the course entity

  static CompletionFields from_config(const Config& config);
};

// What Moodle says of one learner in one course.
struct CompletionFacts {
  bool completed = false;
  std::optional<long long> completed_date;  // unix seconds; none = not complete
  std::optional<long long> activities;      // none = not known: the field is left as it is
};

// The facts a push's `total` applies to every registration of its course before its users' facts:
// not complete, no date, no activity.
CompletionFacts reset_facts();

// One field to write: what Drupal holds (null when nothing) and what it gets.
struct FieldChange {
  std::string field;
  json old_value;
  json new_value;
};

// {"<field>": new value, ...}: the `fields` of a write_fields action.
json fields_to_write(const std::vector<FieldChange>& changes);
// {"<field>": {"old": ..., "new": ...}, ...}: what a plan and a report show.
json changes_shown(const std::vector<FieldChange>& changes);

// The registrations of registration_type, found by the (user, course) pair they name. A pair can
// have several (one per registration form, per session...): every one of them is written.
class PairRegistrations {
 public:
  PairRegistrations(const EntityStore& store, const CompletionFields& fields);

  // Empty when the pair has none.
  const std::vector<const Entity*>& of(const Entity& user, const Entity& course) const;
  // Every registration of a course, in the export's order (a push's `total` resets them all).
  std::vector<const Entity*> of_course(const Entity& course) const;
  const Entity* user_of(const Entity& registration) const;
  const Entity* course_of(const Entity& registration) const;
  // Registrations whose user or course cannot be followed, with why ("user_uid is empty").
  const std::vector<std::pair<const Entity*, std::string>>& unresolved() const { return unresolved_; }

 private:
  using Pair = std::pair<const Entity*, const Entity*>;
  std::map<Pair, std::vector<const Entity*>> by_pair_;
  std::map<const Entity*, std::vector<const Entity*>> by_course_;
  std::map<const Entity*, Pair> pair_of_;
  std::vector<std::pair<const Entity*, std::string>> unresolved_;
};

// A whole number by meaning: 3, 3.0, "3", "-3". nullopt for anything else.
std::optional<long long> whole_number(const json& value);
// A flag by meaning: true, 1, "1", "true" are true; false, 0, "0", "false" are false.
std::optional<bool> flag_value(const json& value);

// Unix seconds as Drupal gets a completion date: RFC 3339 in UTC, "2026-12-05T23:58:12+00:00".
std::string completion_date_text(long long unix_seconds);

// A stored date as an instant: RFC 3339 with any offset (none = UTC), unix seconds as a number or
// as digits. nullopt for null, "" and anything that is no date.
std::optional<long long> stored_instant(const json& value);

// The value a stored field holds, unwrapped from a one-item list or a {"value": ...} object.
json stored_value(const EntityStore& store, const Entity& entity, const std::string& field);

// The mapped fields of `registration` whose value `facts` change, in the order completed,
// completed_date, activities. Values follow the one rule: completed true/false, completed_date
// RFC 3339 UTC or null, activities an integer.
std::vector<FieldChange> completion_changes(const EntityStore& store, const Entity& registration, const CompletionFields& fields,
                                            const CompletionFacts& facts);

// The course total field when it changes to `total`; nullopt when unmapped or unchanged.
std::optional<FieldChange> course_total_change(const EntityStore& store, const Entity& course, const CompletionFields& fields,
                                               long long total);

// True when the registration records a completion date later than the facts' date: such facts are
// older than what Drupal knows and change nothing (a late or replayed push).
bool is_stale(const EntityStore& store, const Entity& registration, const CompletionFields& fields, const CompletionFacts& facts);

}  // namespace moodle_sync
