#include "components/completion/completion_values.hpp"

#include <cstdio>

#include "moodle_sync/transforms.hpp"

namespace moodle_sync {
namespace {

const json& settings(const Config& config) { return config.component("completion"); }

std::string mapped(const Config& config, const char* key) {
  const json& fields = settings(config).value("fields", json::object());
  return fields.is_object() && fields.value(key, json()).is_string() ? fields[key].get<std::string>() : std::string();
}

json stored(const Entity& e, const EntityStore& store, const std::string& field) {
  PathValue v = store.resolve(e, field);
  if (!v.found) return json();
  if (v.value.is_array()) return v.value.empty() ? json() : v.value[0];
  return v.value;
}

// Unset counts as "not complete" and "0 activities": writing false over nothing changes no meaning.
bool as_bool(const json& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number()) return v.get<double>() != 0;
  if (v.is_string()) return v == "1" || v == "true" || v == "TRUE" || v == "True";
  return false;
}

std::optional<long long> as_integer(const json& v) {
  if (v.is_number_integer()) return v.get<long long>();
  if (v.is_number_float()) return static_cast<long long>(v.get<double>());
  if (v.is_string()) {
    const std::string& t = v.get_ref<const std::string&>();
    if (!t.empty() && t.find_first_not_of("-0123456789") == std::string::npos && t.size() < 19) return std::stoll(t);
  }
  return std::nullopt;
}

std::optional<long long> as_instant(const json& v) {
  if (v.is_string() && v.get_ref<const std::string&>().find_first_not_of("0123456789") != std::string::npos) return parse_iso8601(v.get<std::string>());
  return as_integer(v);
}

}  // namespace

std::optional<long long> recorded_date(const Config& config, const Entity& e, const EntityStore& store) {
  std::string field = mapped(config, "completed_date");
  return field.empty() ? std::nullopt : as_instant(stored(e, store, field));
}

bool recorded_complete_before(const Config& config, const Entity& e, const EntityStore& store, long long since) {
  std::string done = mapped(config, "completed");
  if (done.empty() || !as_bool(stored(e, store, done))) return false;
  auto date = recorded_date(config, e, store);
  return date && *date < since;
}

json registration_changes(const Config& config, const Entity& e, const EntityStore& store, const CompletionValues& v) {
  json changes = json::object();
  if (std::string f = mapped(config, "completed"); !f.empty()) {
    json old = stored(e, store, f);
    if (as_bool(old) != v.completed) changes[f] = {{"old", old}, {"new", v.completed}};
  }
  if (std::string f = mapped(config, "completed_date"); !f.empty()) {
    json old = stored(e, store, f);
    std::optional<long long> date = v.completed ? v.date : std::nullopt;
    if (as_instant(old) != date) changes[f] = {{"old", old}, {"new", date ? json(rfc3339_utc(*date)) : json()}};
  }
  if (std::string f = mapped(config, "activities"); !f.empty() && v.activities) {
    json old = stored(e, store, f);
    if (as_integer(old).value_or(0) != *v.activities) changes[f] = {{"old", old}, {"new", *v.activities}};
  }
  return changes;
}

json course_total_changes(const std::string& field, const Entity& course, const EntityStore& store, long long total) {
  json old = stored(course, store, field);
  if (as_integer(old) == total) return json::object();
  return {{field, {{"old", old}, {"new", total}}}};
}

std::string rfc3339_utc(long long t) {
  long long days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  long long secs = t - days * 86400;
  // civil_from_days (Howard Hinnant)
  long long z = days + 719468;
  long long era = (z >= 0 ? z : z - 146096) / 146097;
  long long doe = z - era * 146097;
  long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long long y = yoe + era * 400;
  long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long long mp = (5 * doy + 2) / 153;
  long long d = doy - (153 * mp + 2) / 5 + 1;
  long long m = mp + (mp < 10 ? 3 : -9);
  y += m <= 2;
  char out[40];
  std::snprintf(out, sizeof out, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld+00:00", y, m, d, secs / 3600, secs / 60 % 60, secs % 60);
  return out;
}

}  // namespace moodle_sync
