#include "components/completion/push_payload.hpp"


#include "components/completion/completion_fields.hpp"
#include "moodle_sync/transforms.hpp"
#include "moodle_sync/json_text.hpp"

namespace moodle_sync {
namespace {

struct ShapeError {
  std::string problem;
};

// A key in a JSON path: dotted when plain, bracketed otherwise; a long key is cut, so that an
// answer never carries much of what was sent.
std::string path_key(const std::string& key) {
  std::string k = key.size() > 40 ? key.substr(0, 40) + "..." : key;
  bool plain = !k.empty();
  for (char c : k) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) plain = false;
  }
  return plain ? "." + k : "[" + json(k).dump() + "]";
}

[[noreturn]] void shape(const std::string& path, const std::string& what) { throw ShapeError{path + ": " + what}; }

// PHP encodes an empty array as [] where an object is meant.
bool empty_list(const json& v) { return v.is_array() && v.empty(); }

PushedUser read_user(const std::string& course_key, const std::string& key, const json& u, const std::string& path, long long now,
                     std::vector<PushRejection>& rejected, bool& refused) {
  if (!u.is_object()) shape(path, "expected an object {course_completed, course_completed_date, completed}");
  PushedUser out;
  out.key = key;
  if (!u.contains("course_completed")) shape(path + ".course_completed", "missing value");
  auto done = flag_value(u["course_completed"]);
  if (!done) shape(path + ".course_completed", "expected true or false");
  out.completed = *done;
  if (u.contains("course_completed_date") && !u["course_completed_date"].is_null()) {
    auto at = whole_number(u["course_completed_date"]);
    if (!at) shape(path + ".course_completed_date", "expected a unix time in seconds");
    if (*at < 0 || *at > now + kPushDateSlack) {
      rejected.push_back({course_key, key, "course_completed_date", *at < 0 ? "a negative date" : "a date in the future"});
      refused = true;
    } else if (*at > 0) {
      out.date = *at;
    }
  }
  if (u.contains("completed") && !u["completed"].is_null()) {
    auto n = whole_number(u["completed"]);
    if (!n) shape(path + ".completed", "expected a number of activities");
    if (*n < 0) {
      rejected.push_back({course_key, key, "completed", "a negative number of activities"});
      refused = true;
    }
    out.activities = n;
  }
  return out;
}

void read_plugin_form(const json& doc, long long now, PushPayload& out) {
  if (empty_list(doc)) return;
  if (!doc.is_object()) shape("$", "expected an object keyed by course");
  for (const auto& [course_key, c] : doc.items()) {
    const std::string path = "$" + path_key(course_key);
    if (!c.is_object()) shape(path, "expected an object {total?, users}");
    PushedCourse course;
    course.key = course_key;
    if (c.contains("total") && !c["total"].is_null()) {
      auto t = whole_number(c["total"]);
      if (!t || *t < 0) shape(path + ".total", "expected a number of activities");
      course.total = t;
    }
    if (c.contains("users") && !empty_list(c["users"])) {
      if (!c["users"].is_object()) shape(path + ".users", "expected an object keyed by user");
      for (const auto& [user_key, u] : c["users"].items()) {
        bool refused = false;
        PushedUser user = read_user(course_key, user_key, u, path + ".users" + path_key(user_key), now, out.rejected, refused);
        if (!refused) course.users.push_back(std::move(user));
      }
    }
    out.courses.push_back(std::move(course));
  }
}

long long moodle_id(const json& fields, const char* key) {
  const std::string path = std::string("$.") + key;
  if (!fields.contains(key)) shape(path, "missing value");
  auto n = whole_number(fields[key]);
  if (!n || *n <= 0) shape(path, "expected a Moodle id");
  return *n;
}

void read_event_form(const json& fields, long long now, PushPayload& out) {
  out.is_event = true;
  if (fields.contains("eventname")) {
    const json& name = fields["eventname"];
    if (!name.is_string() || name.get<std::string>() != "\\core\\event\\course_completed") {
      shape("$.eventname", "expected \\core\\event\\course_completed");
    }
  }
  out.event.courseid = moodle_id(fields, "courseid");
  out.event.relateduserid = moodle_id(fields, "relateduserid");
  if (!fields.contains("timecreated")) shape("$.timecreated", "missing value");
  auto at = whole_number(fields["timecreated"]);
  if (!at) shape("$.timecreated", "expected a unix time in seconds");
  out.event.timecreated = *at;
  if (*at < 0 || *at > now + kPushDateSlack) {
    out.rejected.push_back({std::to_string(out.event.courseid), std::to_string(out.event.relateduserid), "timecreated",
                            *at < 0 ? "a negative date" : "a date in the future"});
  }
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string form_decode(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') out += ' ';
    else if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else out += s[i];
  }
  return out;
}

// a=1&b=2 -> {"a": "1", "b": "2"}; a repeated name keeps its last value, as PHP's parse_str does.
json form_fields(const std::string& body) {
  json out = json::object();
  std::size_t at = 0;
  while (at <= body.size()) {
    std::size_t end = body.find('&', at);
    if (end == std::string::npos) end = body.size();
    std::string pair = body.substr(at, end - at);
    if (!pair.empty()) {
      std::size_t eq = pair.find('=');
      std::string name = form_decode(pair.substr(0, eq));
      out[name] = eq == std::string::npos ? std::string() : form_decode(pair.substr(eq + 1));
    }
    at = end + 1;
  }
  return out;
}

bool looks_like_event(const json& doc) {
  if (!doc.is_object()) return false;
  for (const char* key : {"eventname", "courseid", "relateduserid"}) {
    if (doc.contains(key) && !doc[key].is_object()) return true;
  }
  return false;
}

std::string media_type(const std::string& content_type) {
  std::string t = ascii_lower(content_type.substr(0, content_type.find(';')));
  auto first = t.find_first_not_of(" \t");
  return first == std::string::npos ? "" : t.substr(first, t.find_last_not_of(" \t") - first + 1);
}

}  // namespace

std::string parse_push_payload(const std::string& body, const std::string& content_type, long long now, PushPayload& out) {
  out = PushPayload{};
  try {
    std::string type = media_type(content_type);
    if (type.empty()) {  // tool_trigger sends no content type unless told: the body says
      auto first = body.find_first_not_of(" \t\r\n");
      type = first != std::string::npos && (body[first] == '{' || body[first] == '[') ? "application/json" : "application/x-www-form-urlencoded";
    }
    if (body.find_first_not_of(" \t\r\n") == std::string::npos) shape("$", "the body is empty");
    if (type == "application/x-www-form-urlencoded") {
      read_event_form(form_fields(body), now, out);
      return "";
    }
    json doc = parse_json_or_discarded(body);
    if (doc.is_discarded()) shape("$", "not JSON");
    if (looks_like_event(doc)) read_event_form(doc, now, out);
    else read_plugin_form(doc, now, out);
    return "";
  } catch (const ShapeError& e) {
    out = PushPayload{};
    return e.problem;
  }
}

}  // namespace moodle_sync
