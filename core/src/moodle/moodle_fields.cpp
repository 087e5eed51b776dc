// Field lists follow Moodle 4.5's core_course_create_courses, core_course_create_categories,
// core_user_create_users, core_cohort_create_cohorts and enrol_manual_enrol_users parameters; the
// lengths are the database columns (a longer value fails the whole batch with dmlwriteexception).
#include "moodle_sync/moodle_fields.hpp"

#include <algorithm>
#include <map>

namespace moodle_sync {
namespace {

using K = FieldKind;

const std::vector<MoodleField> kCourseFields = {
    {"fullname", K::text, true, 254, nullptr},
    {"shortname", K::text, true, 255, nullptr},
    {"summary", K::html, false, 0, "summaryformat"},
    {"summaryformat", K::integer, false, 0, nullptr},
    {"format", K::raw, false, 21, nullptr},
    {"showgrades", K::boolean, false, 0, nullptr},
    {"newsitems", K::integer, false, 0, nullptr},
    {"startdate", K::integer, false, 0, nullptr},
    {"enddate", K::integer, false, 0, nullptr},
    {"numsections", K::integer, false, 0, nullptr},
    {"maxbytes", K::integer, false, 0, nullptr},
    {"showreports", K::boolean, false, 0, nullptr},
    {"visible", K::boolean, false, 0, nullptr},
    {"hiddensections", K::integer, false, 0, nullptr},
    {"groupmode", K::integer, false, 0, nullptr},
    {"groupmodeforce", K::boolean, false, 0, nullptr},
    {"defaultgroupingid", K::integer, false, 0, nullptr},
    {"enablecompletion", K::boolean, false, 0, nullptr},
    {"completionnotify", K::boolean, false, 0, nullptr},
    {"lang", K::raw, false, 30, nullptr},
    {"forcetheme", K::raw, false, 50, nullptr},
};

const std::vector<MoodleField> kCategoryFields = {
    {"name", K::text, true, 255, nullptr},
    {"description", K::html, false, 0, "descriptionformat"},
    {"descriptionformat", K::integer, false, 0, nullptr},
    {"theme", K::raw, false, 50, nullptr},
};

const std::vector<MoodleField> kUserFields = {
    {"username", K::username, true, 100, nullptr},
    {"firstname", K::text, true, 100, nullptr},
    {"lastname", K::text, true, 100, nullptr},
    {"email", K::email, true, 100, nullptr},
    {"password", K::raw, false, 0, nullptr},
    {"auth", K::raw, false, 20, nullptr},
    {"middlename", K::text, false, 255, nullptr},
    {"alternatename", K::text, false, 255, nullptr},
    {"firstnamephonetic", K::text, false, 255, nullptr},
    {"lastnamephonetic", K::text, false, 255, nullptr},
    {"maildisplay", K::integer, false, 0, nullptr},
    {"city", K::text, false, 120, nullptr},
    {"country", K::raw, false, 2, nullptr},
    {"timezone", K::raw, false, 100, nullptr},
    {"description", K::html, false, 0, nullptr},
    {"institution", K::text, false, 255, nullptr},
    {"department", K::text, false, 255, nullptr},
    {"phone1", K::text, false, 20, nullptr},
    {"phone2", K::text, false, 20, nullptr},
    {"address", K::text, false, 255, nullptr},
    {"lang", K::raw, false, 30, nullptr},
    {"calendartype", K::raw, false, 30, nullptr},
    {"theme", K::raw, false, 50, nullptr},
    {"mailformat", K::integer, false, 0, nullptr},
};

const std::vector<MoodleField> kCohortFields = {
    {"name", K::raw, true, 254, nullptr},
    {"description", K::html, false, 0, "descriptionformat"},
    {"descriptionformat", K::integer, false, 0, nullptr},
    {"visible", K::boolean, false, 0, nullptr},
};

const std::vector<MoodleField> kEnrolmentFields = {
    {"roleid", K::integer, false, 0, nullptr},
    {"timestart", K::integer, false, 0, nullptr},
    {"timeend", K::integer, false, 0, nullptr},
    {"suspend", K::boolean, false, 0, nullptr},
};

const std::vector<MoodleField> kNoFields = {};

const std::map<std::string, const std::vector<MoodleField>*>& field_table() {
  static const std::map<std::string, const std::vector<MoodleField>*> table = {
      {"categories", &kCategoryFields}, {"templates", &kCourseFields},
      {"courses", &kCourseFields},       {"users", &kUserFields},
      {"cohorts", &kCohortFields},       {"enrolments", &kEnrolmentFields},
      {"completion", &kNoFields}};
  return table;
}

}  // namespace

const std::vector<std::string>& component_names() {
  static const std::vector<std::string> names = {"categories", "templates", "courses", "users",
                                                 "cohorts", "enrolments", "completion"};
  return names;
}

bool is_component(const std::string& c) { return field_table().count(c) > 0; }

const std::vector<MoodleField>& moodle_fields(const std::string& component) {
  auto it = field_table().find(component);
  return it == field_table().end() ? kNoFields : *it->second;
}

const MoodleField* find_moodle_field(const std::string& component, const std::string& name) {
  const auto& fields = moodle_fields(component);
  auto it = std::find_if(fields.begin(), fields.end(), [&](const MoodleField& f) { return name == f.name; });
  return it == fields.end() ? nullptr : &*it;
}

bool is_reserved_field(const std::string& component, const std::string& name) {
  static const std::vector<std::string> common = {"id", "idnumber"};
  if (std::find(common.begin(), common.end(), name) != common.end()) return true;
  if (component == "courses" || component == "templates") return name == "categoryid" || name == "customfields";
  if (component == "categories") return name == "parent";
  if (component == "users") return name == "customfields" || name == "suspended" || name == "createpassword";
  if (component == "cohorts") return name == "categorytype";
  if (component == "enrolments") return name == "userid" || name == "courseid";
  return false;
}

const char* to_string(FieldKind kind) {
  switch (kind) {
    case K::text: return "text";
    case K::raw: return "string";
    case K::html: return "formatted text";
    case K::integer: return "integer";
    case K::boolean: return "boolean";
    case K::username: return "username";
    case K::email: return "email";
  }
  return "?";
}

}  // namespace moodle_sync
