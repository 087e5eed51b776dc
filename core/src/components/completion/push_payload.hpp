#pragma once
// A completion push as it arrives: the body of local_completion_push (keyed by course and user) or
// of tool_trigger's "HTTP post" step for \core\event\course_completed (JSON, or form-encoded when
// the step does not JSON-encode), read into one shape. A body that is neither is refused whole;
// a user's impossible date is refused for that user only.
#include <optional>
#include <string>
#include <vector>

#include "moodle_sync/json.hpp"

namespace moodle_sync {

struct PushedUser {
  std::string key;  // as sent: an idnumber ("user-7") or the bare Drupal id ("7")
  bool completed = false;
  std::optional<long long> date;        // course_completed_date (unix s); none when 0 or absent
  std::optional<long long> activities;  // `completed`: none when absent
};

struct PushedCourse {
  std::string key;
  std::optional<long long> total;
  std::vector<PushedUser> users;
};

// Moodle's \core\event\course_completed, as tool_trigger posts it: Moodle ids, not idnumbers.
struct CompletionEvent {
  long long courseid = 0;
  long long relateduserid = 0;  // the learner (userid is whoever triggered it)
  long long timecreated = 0;
};

// A user (or an event) refused for an impossible value: named by keys and field, never by content.
struct PushRejection {
  std::string course_key, user_key, field, problem;
};

struct PushPayload {
  bool is_event = false;
  std::vector<PushedCourse> courses;  // the plugin form, in the body's order
  CompletionEvent event;              // the event form
  std::vector<PushRejection> rejected;
};

// Reads `body` (`content_type` may be empty: the body then says which it is). `now` (unix s) bounds
// the dates: later than now + 1 day, or negative, is refused for that user. Returns "" or the
// problem with its JSON path ("$.100.users.7.course_completed: expected true or false").
std::string parse_push_payload(const std::string& body, const std::string& content_type, long long now, PushPayload& out);

// The latest a pushed date may be: a day of clock skew past `now`.
constexpr long long kPushDateSlack = 86400;

}  // namespace moodle_sync
