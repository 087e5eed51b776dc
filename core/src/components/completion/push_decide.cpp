#include "components/completion/push_decide.hpp"

#include <map>
#include <regex>
#include <set>

#include "moodle_sync/component_entities.hpp"

namespace moodle_sync {
namespace {

// The Drupal id a key names: the id inside a Moodle idnumber ("course-100" -> 100, by the
// pattern) or the bare id ("100"); nullopt for anything else.
std::optional<long long> id_of_key(const std::string& type, const std::string& pattern, const std::string& key, bool idnumber_only) {
  if (type.empty() || key.empty() || key.size() > 200) return std::nullopt;
  std::string id = key;
  std::smatch m;
  if (!pattern.empty() && std::regex_match(key, m, idnumber_regex(pattern, type)) && m.size() > 1) id = m[1].str();
  else if (idnumber_only) return std::nullopt;
  if (id.empty() || id.size() > 18 || id.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoll(id);
}

const Entity* entity_of_key(const EntityStore& store, const std::string& type, const std::string& pattern, const std::string& key,
                            bool idnumber_only) {
  auto id = id_of_key(type, pattern, key, idnumber_only);
  return id ? store.find_by_id(type, EntityId::of_number(*id)) : nullptr;
}

// What a registration is to get, and from which part of the payload.
struct Wanted {
  CompletionFacts facts;
  std::optional<long long> pushed_date;  // the date as sent, for the stale guard
  std::string course_key, user_key;
  bool may_take_back = false;  // the course's `total` reset: the only way a push takes a completion back
};

}  // namespace

PushKeys PushKeys::from_config(const Config& config) {
  PushKeys k;
  k.course_type = entity_type_of(config, "courses");
  k.course_pattern = config.component("courses").value("idnumber_pattern", "{id}");
  k.user_type = entity_type_of(config, "users");
  k.user_pattern = config.component("users").value("idnumber_pattern", "{id}");
  return k;
}

const Entity* PushKeys::course(const EntityStore& store, const std::string& key, bool idnumber_only) const {
  return entity_of_key(store, course_type, course_pattern, key, idnumber_only);
}

std::optional<long long> PushKeys::course_id(const std::string& key) const {
  return id_of_key(course_type, course_pattern, key, false);
}

const Entity* PushKeys::user(const EntityStore& store, const std::string& key, bool idnumber_only) const {
  return entity_of_key(store, user_type, user_pattern, key, idnumber_only);
}

namespace {

// A push never takes a recorded completion back: without a date it leaves the recorded date, and
// "not complete" leaves a recorded "complete". Only the explicit reset of a course's `total` does.
void keep_recorded_completion(std::vector<FieldChange>& changes, const CompletionFields& fields) {
  std::vector<FieldChange> kept;
  for (auto& c : changes) {
    bool takes_back = (c.field == fields.completed && flag_value(c.old_value).value_or(false) && c.new_value == false) ||
                      (c.field == fields.completed_date && c.new_value.is_null() && stored_instant(c.old_value).has_value());
    if (!takes_back) kept.push_back(std::move(c));
  }
  changes = std::move(kept);
}

}  // namespace

PushDecisions decide_push(const std::vector<PushedCourse>& courses, const std::vector<PushRejection>& rejected, const EntityStore& store,
                          const CompletionFields& fields, const PushKeys& keys) {
  PushDecisions out;
  PairRegistrations pairs(store, fields);
  std::vector<const Entity*> order;  // registrations, first seen first
  std::map<const Entity*, Wanted> wanted;
  auto want = [&](const Entity* r, Wanted w) {
    if (!wanted.count(r)) order.push_back(r);
    wanted[r] = std::move(w);
  };
  for (const auto& c : courses) {
    const Entity* course = keys.course(store, c.key);
    if (!course) {
      ++out.unknown_courses;
      out.notes.push_back("course \"" + c.key + "\": no " + keys.course_type + " has this id or idnumber; nothing created");
      continue;
    }
    if (c.total) {
      PushDecision d;
      d.entity = course;
      d.course_total = true;
      d.course_key = c.key;
      if (auto change = course_total_change(store, *course, fields, *c.total)) d.changes.push_back(*change);
      if (!fields.course_total_field.empty()) out.entities.push_back(std::move(d));
      // The registrations of a user rejected in this course keep what they record: a bad date must
      // not wipe a completion through the reset.
      std::set<const Entity*> spared;
      for (const auto& r : rejected) {
        const Entity* user = r.course_key == c.key ? keys.user(store, r.user_key) : nullptr;
        if (!user) continue;
        for (const Entity* reg : pairs.of(*user, *course)) {
          if (spared.insert(reg).second) {
            out.notes.push_back(reg->label() + " of user \"" + r.user_key + "\" in course \"" + c.key +
                                "\": kept as recorded (its push was rejected), not reset by total");
          }
        }
      }
      // As the original: `total` resets every registration of the course before its users' facts.
      for (const Entity* r : pairs.of_course(*course)) {
        if (!spared.count(r)) want(r, {reset_facts(), std::nullopt, c.key, "", true});
      }
    }
    for (const auto& u : c.users) {
      const Entity* user = keys.user(store, u.key);
      if (!user) {
        ++out.unknown_users;
        out.notes.push_back("user \"" + u.key + "\" in course \"" + c.key + "\": no " + keys.user_type +
                            " has this id or idnumber; nothing created");
        continue;
      }
      const auto& regs = pairs.of(*user, *course);
      if (regs.empty()) {
        out.notes.push_back("user \"" + u.key + "\" in course \"" + c.key + "\": no " + fields.registration_type + " of this pair");
        continue;
      }
      CompletionFacts facts{u.completed, u.completed ? u.date : std::nullopt, u.activities};
      for (const Entity* r : regs) want(r, {facts, u.date, c.key, u.key, c.total.has_value()});
    }
  }
  for (const Entity* r : order) {
    const Wanted& w = wanted[r];
    PushDecision d;
    d.entity = r;
    d.course_key = w.course_key;
    d.user_key = w.user_key;
    CompletionFacts dated = w.facts;
    dated.completed_date = w.pushed_date;
    if (std::string state = fields.inactive_state(store, *r); !state.empty()) {
      d.skipped = "the registration is " + state + " (" + fields.state_field + "): not enrolled, not written";
    } else if (is_stale(store, *r, fields, dated)) {
      ++out.stale;
      d.skipped = "stale: the pushed completion date " + completion_date_text(*w.pushed_date) + " is older than " +
                  fields.completed_date + " recorded in Drupal";
    } else {
      d.changes = completion_changes(store, *r, fields, w.facts);
      if (!w.may_take_back) keep_recorded_completion(d.changes, fields);
    }
    out.entities.push_back(std::move(d));
  }
  return out;
}

json push_scope(const Config& config, const std::string& body, const std::string& content_type) {
  PushPayload payload;
  // The date checks do not change which courses a payload names: any clock will do.
  if (!parse_push_payload(body, content_type, 0, payload).empty() || payload.is_event) return {{"course_ids", nullptr}};
  const PushKeys keys = PushKeys::from_config(config);
  std::set<long long> ids;
  for (const auto& c : payload.courses) {
    if (auto id = keys.course_id(c.key)) ids.insert(*id);
  }
  if (ids.empty()) return {{"course_ids", nullptr}};
  return {{"course_ids", json(std::vector<long long>(ids.begin(), ids.end()))}};
}

json push_answer(const PushDecisions& d, std::size_t rejected, int nodes, int registrations, int failed) {
  json body = {{"status", 1},
               {"message", "Updated " + std::to_string(nodes) + " nodes and " + std::to_string(registrations) + " registrations"},
               {"unknown", {{"courses", d.unknown_courses}, {"users", d.unknown_users}}},
               {"rejected", rejected},
               {"stale", d.stale}};
  if (failed > 0) body["failed"] = failed;
  return {{"status", failed > 0 ? 500 : 200}, {"body", body}};
}

json invalid_push_answer(const std::string& problem) {
  return {{"status", 400}, {"body", {{"message", "Invalid input."}, {"problem", problem}}}};
}

}  // namespace moodle_sync
