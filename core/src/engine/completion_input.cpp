// The engine input `completion`: checked whole before anything runs, each problem named by its path.
#include "moodle_sync/completion_input.hpp"

#include "moodle_sync/transforms.hpp"

namespace moodle_sync {
namespace {

// A moment as RFC 3339 text or unix seconds (a number, or digits in a text).
std::optional<long long> moment(const json& v) {
  if (v.is_number_integer()) return v.get<long long>();
  if (!v.is_string()) return std::nullopt;
  const std::string& t = v.get_ref<const std::string&>();
  if (!t.empty() && t.find_first_not_of("0123456789") == std::string::npos && t.size() < 16) return std::stoll(t);
  return parse_iso8601(t);
}

std::string parse_timezone(const json& tz, CompletionInput& out) {
  if (!tz.is_object()) return "completion.timezone: expected {name, transitions: [[utc_start_s, offset_s], ...]}";
  if (tz.contains("name")) {
    if (!tz["name"].is_string()) return "completion.timezone.name: expected the time zone's name";
    out.timezone_name = tz["name"].get<std::string>();
  }
  const json& list = tz.value("transitions", json());
  if (!list.is_array()) return "completion.timezone.transitions: expected a list of [utc_start_s, offset_s]";
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json& t = list[i];
    std::string at = "completion.timezone.transitions[" + std::to_string(i) + "]";
    if (!t.is_array() || t.size() != 2 || !t[0].is_number_integer() || !t[1].is_number_integer()) {
      return at + ": expected [utc_start_s, offset_s] (two whole numbers)";
    }
    long long start = t[0].get<long long>(), offset = t[1].get<long long>();
    if (offset < -18 * 3600 || offset > 18 * 3600) return at + ": an offset of " + std::to_string(offset) + " s is not a time zone's";
    if (!out.transitions.empty() && start <= out.transitions.back().first) return at + ": transitions must be in ascending order";
    out.transitions.emplace_back(start, offset);
  }
  return {};
}

}  // namespace

std::string parse_completion_input(const json& in, CompletionInput& out) {
  if (in.is_null()) return {};
  if (!in.is_object()) return "completion: expected an object {mode, now, ...}";
  out.given = true;
  const json& mode = in.value("mode", json());
  if (mode != "pull" && mode != "push") return "completion.mode: expected \"pull\" or \"push\", got " + mode.dump();
  out.mode = mode.get<std::string>();
  const json& now = in.value("now", json());
  if (!now.is_number_integer() || now.get<long long>() <= 0) return "completion.now: expected the clock in unix seconds, got " + now.dump();
  out.now = now.get<long long>();
  if (in.contains("since") && !in["since"].is_null()) {
    out.since = moment(in["since"]);
    if (!out.since) return "completion.since: expected an RFC 3339 date-time or unix seconds, got " + in["since"].dump();
  }
  if (in.contains("timezone") && !in["timezone"].is_null()) {
    if (std::string problem = parse_timezone(in["timezone"], out); !problem.empty()) return problem;
  }
  if (in.contains("payload") && !in["payload"].is_null()) {
    if (!in["payload"].is_string()) return "completion.payload: expected the raw body text";
    out.payload = in["payload"].get<std::string>();
  }
  if (in.contains("content_type") && !in["content_type"].is_null()) {
    if (!in["content_type"].is_string()) return "completion.content_type: expected a text";
    out.content_type = in["content_type"].get<std::string>();
  }
  return {};
}

long long local_to_utc(long long local, const std::vector<std::pair<long long, long long>>& transitions) {
  if (transitions.empty()) return local;
  // The first period whose offset places this wall time inside it.
  for (std::size_t i = 0; i < transitions.size(); ++i) {
    long long utc = local - transitions[i].second;
    bool after_start = i == 0 || utc >= transitions[i].first;
    bool before_end = i + 1 == transitions.size() || utc < transitions[i + 1].first;
    if (after_start && before_end) return utc;
  }
  // In a gap (the clocks jumped over it): the offset in force before the jump.
  for (std::size_t i = 1; i < transitions.size(); ++i) {
    long long start = transitions[i].first;
    if (local - transitions[i - 1].second >= start && local - transitions[i].second < start) return local - transitions[i - 1].second;
  }
  return local - transitions.front().second;
}

}  // namespace moodle_sync
