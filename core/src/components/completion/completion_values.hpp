#pragma once
// What Drupal holds of a registration's completion, and the fields a pull changes: values are
// compared by meaning (a date as an instant, "1" and 1 alike), so only a real change is written.
#include <optional>
#include <string>

#include "moodle_sync/config.hpp"
#include "moodle_sync/entity.hpp"

namespace moodle_sync {

// What Moodle says of one registration.
struct CompletionValues {
  bool completed = false;
  std::optional<long long> date;        // written as RFC 3339 in UTC, or null
  std::optional<long long> activities;  // not written when unknown
};

// The completion date Drupal records for the registration (unix s), if any.
std::optional<long long> recorded_date(const Config& config, const Entity& registration, const EntityStore& store);
// Drupal records it as complete with a date before `since`.
bool recorded_complete_before(const Config& config, const Entity& registration, const EntityStore& store, long long since);

// {"<drupal field>": {"old", "new"}} of the mapped fields whose value changes.
json registration_changes(const Config& config, const Entity& registration, const EntityStore& store, const CompletionValues& values);
json course_total_changes(const std::string& field, const Entity& course, const EntityStore& store, long long total);

// 1796515128 -> "2026-12-05T23:58:48+00:00"
std::string rfc3339_utc(long long unix_seconds);

}  // namespace moodle_sync
