#include "moodle_sync/moodle_id.hpp"

#include <limits>

namespace moodle_sync {
namespace {

MoodleIdDecision ignore(std::string reason) {
  return {MoodleIdAction::ignore, 0, std::move(reason)};
}

// Strict on purpose: an administrator who types "ignore", "-1" or "12abc" wants the entity left
// alone, and a value we would have to guess at ("007", " 12") must never redirect an update.
MoodleIdDecision decide_from_text(const std::string& text) {
  if (text.empty()) return {MoodleIdAction::create, 0, {}};
  for (char c : text) {
    if (c < '0' || c > '9') return ignore("\"" + text + "\" is not a positive integer");
  }
  if (text[0] == '0') {
    return ignore("\"" + text + "\" is not a positive integer (zero or a leading zero)");
  }
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  std::int64_t value = 0;
  for (char c : text) {
    int digit = c - '0';
    if (value > (kMax - digit) / 10) return ignore("\"" + text + "\" is too large to be a moodle id");
    value = value * 10 + digit;
  }
  return {MoodleIdAction::update, value, {}};
}

}  // namespace

MoodleIdDecision decide_moodle_id(const json& v) {
  if (v.is_null()) return {MoodleIdAction::create, 0, {}};
  if (v.is_string()) return decide_from_text(v.get<std::string>());
  if (v.is_number_unsigned() || v.is_number_integer()) {
    if (v.is_number_integer() && v.get<std::int64_t>() <= 0) {
      return ignore(to_text(v) + " is not a positive integer");
    }
    if (v.is_number_unsigned() &&
        v.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return ignore(to_text(v) + " is too large to be a moodle id");
    }
    return {MoodleIdAction::update, v.get<std::int64_t>(), {}};
  }
  if (v.is_number_float()) return ignore(to_text(v) + " is not an integer");
  if (v.is_boolean()) return ignore(std::string("a boolean (") + to_text(v) + ") is not a moodle id");
  if (v.is_array()) return ignore("a list is not a moodle id");
  return ignore("an object is not a moodle id");
}

const char* to_string(MoodleIdAction action) {
  switch (action) {
    case MoodleIdAction::create: return "create";
    case MoodleIdAction::update: return "update";
    case MoodleIdAction::ignore: return "ignore";
  }
  return "?";
}

}  // namespace moodle_sync
