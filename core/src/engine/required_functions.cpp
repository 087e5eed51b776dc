#include "moodle_sync/required_functions.hpp"

namespace moodle_sync {

std::map<std::string, std::vector<std::string>> required_functions(const Config& config) {
  std::map<std::string, std::vector<std::string>> out;
  out["site"] = {"core_webservice_get_site_info"};
  if (config.enabled("categories")) {
    out["categories"] = {"core_course_get_categories", "core_course_create_categories", "core_course_update_categories"};
  }
  for (const char* c : {"templates", "courses"}) {
    if (!config.enabled(c)) continue;
    auto& f = out[c];
    f = {"core_course_get_courses", "core_course_create_courses", "core_course_update_courses"};
    const json& s = config.component(c);
    if (s.contains("template_field")) f.push_back("core_course_duplicate_course");
    if (s.value("deleted", "keep") == "delete") f.push_back("core_course_delete_courses");
  }
  if (config.enabled("users")) {
    auto& f = out["users"];
    f = {"core_user_get_users_by_field", "core_user_create_users", "core_user_update_users"};
    std::string deleted = config.component("users").value("deleted", "none");
    if (deleted != "none") f.push_back("core_user_get_users");  // lists accounts to find deleted users
    if (deleted == "delete") f.push_back("core_user_delete_users");
  }
  if (config.enabled("cohorts")) {
    out["cohorts"] = {"core_cohort_get_cohorts", "core_cohort_create_cohorts", "core_cohort_update_cohorts",
                      "core_cohort_get_cohort_members", "core_cohort_add_cohort_members", "core_cohort_delete_cohort_members"};
    if (config.component("cohorts").value("deleted", "keep") == "delete") out["cohorts"].push_back("core_cohort_delete_cohorts");
  }
  if (config.enabled("enrolments")) {
    // Role changes and enrolments shared with a hand-made one go through role (un)assignment.
    out["enrolments"] = {"core_enrol_get_enrolled_users", "enrol_manual_enrol_users", "enrol_manual_unenrol_users",
                         "core_role_assign_roles", "core_role_unassign_roles"};
  }
  return out;
}

}  // namespace moodle_sync
