#pragma once
// The engine input `completion`: a completion run (Moodle -> Drupal) instead of a sync. It says
// which way the completions come (a pull reads Moodle, a push brings a payload) and carries the
// clock and the time zone as data, so that every decision can be replayed.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "moodle_sync/json.hpp"

namespace moodle_sync {

struct CompletionInput {
  bool given = false;
  std::string mode;  // "pull" | "push"
  long long now = 0;  // unix s: what counts as a far-future date
  // pull: a registration Drupal records as complete with a date before this is not read again
  std::optional<long long> since;
  // The UTC offsets of the time zone the report shows dates in: (utc start s, offset s), ascending.
  // Empty: UTC.
  std::string timezone_name = "UTC";
  std::vector<std::pair<long long, long long>> transitions;
  std::optional<std::string> payload;  // push: the raw body
  std::string content_type;
};

// Parses the engine input `completion`; an empty string when it is absent or well formed,
// otherwise the problem with its JSON path ("completion.timezone.transitions[3]: ...").
std::string parse_completion_input(const json& in, CompletionInput& out);

// Local wall-clock seconds (as if UTC) in a time zone given by its transitions -> the instant (unix s).
// A wall time skipped by a change to summer time is read with the offset before the change; one
// that occurs twice, as its first occurrence.
long long local_to_utc(long long local, const std::vector<std::pair<long long, long long>>& transitions);

}  // namespace moodle_sync
