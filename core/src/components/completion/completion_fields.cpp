#include "components/completion/completion_fields.hpp"

#include <cmath>
#include <cstdio>

#include "moodle_sync/component_entities.hpp"
#include "moodle_sync/transforms.hpp"

namespace moodle_sync {
namespace {

// Days since 1970-01-01 -> civil date (Howard Hinnant's algorithm, proleptic Gregorian).
void civil_from_days(long long z, long long& y, unsigned& m, unsigned& d) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<long long>(yoe) + era * 400 + (m <= 2);
}

bool all_digits(const std::string& s) {
  std::size_t i = !s.empty() && s[0] == '-' ? 1 : 0;
  if (i >= s.size() || s.size() - i > 18) return false;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

bool same_flag(const json& stored, bool wanted) {
  auto f = flag_value(stored);
  return f && *f == wanted;
}

bool same_integer(const json& stored, long long wanted) {
  auto n = whole_number(stored);
  return n && *n == wanted;
}

bool no_date(const json& stored) { return stored.is_null() || (stored.is_string() && stored.get<std::string>().empty()); }

bool same_date(const json& stored, const std::optional<long long>& wanted) {
  if (!wanted) return no_date(stored);
  auto at = stored_instant(stored);
  return at && *at == *wanted;
}

void add_if_changed(std::vector<FieldChange>& out, const std::string& field, json old_value, json new_value, bool same) {
  if (!same) out.push_back({field, std::move(old_value), std::move(new_value)});
}

}  // namespace

std::optional<long long> whole_number(const json& v) {
  if (v.is_number_integer()) return v.get<long long>();
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15) return static_cast<long long>(d);
    return std::nullopt;
  }
  if (v.is_string() && all_digits(v.get<std::string>())) return std::stoll(v.get<std::string>());
  return std::nullopt;
}

std::optional<bool> flag_value(const json& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (auto n = whole_number(v)) {
    if (*n == 0 || *n == 1) return *n == 1;
  }
  if (v.is_string()) {
    std::string s = ascii_lower(v.get<std::string>());
    if (s == "true" || s == "false") return s == "true";
  }
  return std::nullopt;
}

CompletionFields CompletionFields::from_config(const Config& config) {
  const json& c = config.component("completion");
  CompletionFields f;
  f.registration_type = c.value("registration_type", "");
  f.user_field = c.value("user_field", "user_uid");
  f.course_field = c.value("course_field", "entity_id");
  f.course_type = entity_type_of(config, "courses");
  const json fields = c.value("fields", json::object());
  f.completed = fields.value("completed", "");
  f.completed_date = fields.value("completed_date", "");
  f.activities = fields.value("activities", "");
  f.course_total_field = c.value("course_total_field", "");
  const json& reg = config.component("enrolments").value("registration", json::object());
  if (reg.is_object() && reg.value("type", "") == f.registration_type) {
    f.state_field = reg.value("state_field", "");
    for (const auto& st : f.state_field.empty() ? json::array() : reg.value("inactive_states", json::array())) {
      if (st.is_string()) f.inactive_states.insert(st.get<std::string>());
    }
  }
  return f;
}

std::string CompletionFields::inactive_state(const EntityStore& store, const Entity& registration) const {
  if (state_field.empty()) return "";
  PathValue st = store.resolve(registration, state_field);
  return st.found && st.value.is_string() && inactive_states.count(st.value.get<std::string>()) ? st.value.get<std::string>() : "";
}

CompletionFacts reset_facts() {
  CompletionFacts f;
  f.activities = 0;
  return f;
}

json fields_to_write(const std::vector<FieldChange>& changes) {
  json out = json::object();
  for (const auto& c : changes) out[c.field] = c.new_value;
  return out;
}

json changes_shown(const std::vector<FieldChange>& changes) {
  json out = json::object();
  for (const auto& c : changes) out[c.field] = {{"old", c.old_value}, {"new", c.new_value}};
  return out;
}

PairRegistrations::PairRegistrations(const EntityStore& store, const CompletionFields& fields) {
  for (const Entity* r : store.of_type(fields.registration_type)) {
    FieldTarget user = store.target_of(*r, fields.user_field);
    if (!user.entity) {
      unresolved_.push_back({r, "user: " + user.problem});
      continue;
    }
    FieldTarget course = store.target_of(*r, fields.course_field, fields.course_type);
    if (!course.entity) {
      unresolved_.push_back({r, "course: " + course.problem});
      continue;
    }
    by_pair_[{user.entity, course.entity}].push_back(r);
    by_course_[course.entity].push_back(r);
    pair_of_[r] = {user.entity, course.entity};
  }
}

const std::vector<const Entity*>& PairRegistrations::of(const Entity& user, const Entity& course) const {
  static const std::vector<const Entity*> none;
  auto it = by_pair_.find({&user, &course});
  return it == by_pair_.end() ? none : it->second;
}

std::vector<const Entity*> PairRegistrations::of_course(const Entity& course) const {
  auto it = by_course_.find(&course);
  return it == by_course_.end() ? std::vector<const Entity*>{} : it->second;
}

const Entity* PairRegistrations::user_of(const Entity& registration) const {
  auto it = pair_of_.find(&registration);
  return it == pair_of_.end() ? nullptr : it->second.first;
}

const Entity* PairRegistrations::course_of(const Entity& registration) const {
  auto it = pair_of_.find(&registration);
  return it == pair_of_.end() ? nullptr : it->second.second;
}

std::string completion_date_text(long long t) {
  long long days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
  long long secs = t - days * 86400;
  long long y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  char buf[72];  // room for any year a long long holds: the text is never cut
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld+00:00", y, m, d, secs / 3600, secs / 60 % 60, secs % 60);
  return buf;
}

std::optional<long long> stored_instant(const json& value) {
  if (value.is_number_integer()) return value.get<long long>();
  if (value.is_number_float()) return whole_number(value);
  if (!value.is_string()) return std::nullopt;
  const std::string& s = value.get_ref<const std::string&>();
  if (all_digits(s)) return whole_number(value);
  return parse_iso8601(s);
}

json stored_value(const EntityStore& store, const Entity& entity, const std::string& field) {
  PathValue v = store.resolve(entity, field);
  if (!v.found) return nullptr;
  json value = v.value;
  if (value.is_array()) value = value.empty() ? json() : value[0];
  if (value.is_object() && value.contains("value")) value = value["value"];
  return value;
}

std::vector<FieldChange> completion_changes(const EntityStore& store, const Entity& registration, const CompletionFields& fields,
                                            const CompletionFacts& facts) {
  std::vector<FieldChange> out;
  if (!fields.completed.empty()) {
    json old = stored_value(store, registration, fields.completed);
    add_if_changed(out, fields.completed, old, facts.completed, same_flag(old, facts.completed));
  }
  if (!fields.completed_date.empty()) {
    json old = stored_value(store, registration, fields.completed_date);
    json wanted = facts.completed_date ? json(completion_date_text(*facts.completed_date)) : json();
    add_if_changed(out, fields.completed_date, old, wanted, same_date(old, facts.completed_date));
  }
  if (!fields.activities.empty() && facts.activities) {
    json old = stored_value(store, registration, fields.activities);
    add_if_changed(out, fields.activities, old, *facts.activities, same_integer(old, *facts.activities));
  }
  return out;
}

std::optional<FieldChange> course_total_change(const EntityStore& store, const Entity& course, const CompletionFields& fields,
                                               long long total) {
  if (fields.course_total_field.empty()) return std::nullopt;
  json old = stored_value(store, course, fields.course_total_field);
  if (same_integer(old, total)) return std::nullopt;
  return FieldChange{fields.course_total_field, old, total};
}

bool is_stale(const EntityStore& store, const Entity& registration, const CompletionFields& fields, const CompletionFacts& facts) {
  if (fields.completed_date.empty() || !facts.completed_date) return false;
  auto recorded = stored_instant(stored_value(store, registration, fields.completed_date));
  return recorded && *facts.completed_date < *recorded;
}

}  // namespace moodle_sync
