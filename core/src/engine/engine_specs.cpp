// Which Moodle function creates, updates, deletes or re-reads each component's objects, and how
// its answer reads (recorded behaviour of Moodle 4.5).
#include "engine/engine_state.hpp"

namespace moodle_sync {
namespace {

BatchSpec spec(std::string fn, std::string key, std::string component, BatchSpec::Answer answer, bool all_or_nothing,
               std::string outcome) {
  BatchSpec s;
  s.wsfunction = std::move(fn);
  s.list_key = std::move(key);
  s.component = std::move(component);
  s.answer = answer;
  s.all_or_nothing = all_or_nothing;
  s.success_outcome = std::move(outcome);
  return s;
}

}  // namespace

BatchSpec Engine::State::create_spec(const std::string& c) {
  using A = BatchSpec::Answer;
  BatchSpec out;
  // create_categories echoes the name as stored (cleaned), so only the id is checked for categories.
  if (c == "categories") out = spec("core_course_create_categories", "categories", c, A::created_list, true, "created");
  else if (c == "users") out = spec("core_user_create_users", "users", c, A::created_list, true, "created"), out.echo_keys = {"username"};
  else if (c == "cohorts") out = spec("core_cohort_create_cohorts", "cohorts", c, A::created_list, true, "created"), out.echo_keys = {"idnumber"};
  else out = spec("core_course_create_courses", "courses", c, A::created_list, true, "created"), out.echo_keys = {"shortname"};
  return out;
}

BatchSpec Engine::State::update_spec(const std::string& c) {
  using A = BatchSpec::Answer;
  if (c == "categories") return spec("core_course_update_categories", "categories", c, A::none, true, "updated");
  if (c == "users") return spec("core_user_update_users", "users", c, A::warnings, false, "updated");
  if (c == "cohorts") return spec("core_cohort_update_cohorts", "cohorts", c, A::none, true, "updated");
  return spec("core_course_update_courses", "courses", c, A::warnings, false, "updated");
}

BatchSpec Engine::State::delete_spec(const std::string& c) {
  using A = BatchSpec::Answer;
  if (c == "users") return spec("core_user_delete_users", "userids", c, A::none, true, "deleted");
  if (c == "cohorts") return spec("core_cohort_delete_cohorts", "cohortids", c, A::none, true, "deleted");
  // delete_courses is per item and slow (about 0.2 s a course on Moodle).
  return spec("core_course_delete_courses", "courseids", c, A::warnings, false, "deleted");
}

void Engine::State::reread(const std::string& component) {
  if (component == "users") queue_user_reads();
  else queue_reads(table_of(component));
}

}  // namespace moodle_sync
