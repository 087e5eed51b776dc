#pragma once
// The pull: completions read from Moodle for the registrations Drupal has, written back to them.
// Per course it reads the course (completion on?) and its active enrolments, then either one
// status call per registration or the pages of the configured custom report.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "components/completion/completion_fields.hpp"
#include "components/completion/completion_report.hpp"
#include "engine/engine_state.hpp"

namespace moodle_sync {

// One registration the pull reads, and what Moodle said of it.
struct PullRegistration {
  Run* run = nullptr;
  const Entity* user = nullptr;
  std::string user_idnumber;
  std::size_t course = 0;      // index in CompletionPullState::courses
  long long moodle_user = 0;   // from the course's active enrolments
  std::optional<bool> completed;
  std::optional<long long> date;  // the latest criterion time (exact), when complete
  std::optional<double> progress;  // report: the percentage of tracked activities complete
  std::optional<long long> activities;
  bool status_read = false;  // report path: the course's status call answered for it (exact values)
};

struct PullCourse {
  Entity* entity = nullptr;
  std::string idnumber, shortname;
  long long id = 0;
  std::vector<std::size_t> registrations;  // indexes of those still to read
  std::map<std::string, long long> active_users;  // user idnumber -> Moodle id (active enrolments)
  std::optional<long long> tracked;  // activities with completion tracking
  bool no_criteria = false;          // the first nocriteriaset answer marks the whole course
  std::size_t probe = 0;             // report path: the registration the course's status call reads
  std::vector<ReportRow> rows;       // its rows of the report
  std::size_t next = 0;              // status path: the next registration to read
};

struct CompletionPullState : ComponentState {
  int step = 0;
  CompletionFields fields;
  std::size_t course_cursor = 0;
  std::vector<PullRegistration> registrations;
  std::vector<PullCourse> courses;
  bool filter_set = false;  // the report's per-user filter was changed: reset it at the end
  json refusal;             // the report cannot serve any course: the run stops once its filter is reset
};

// One pass of the pull; false when it is done.
bool plan_completion_pull(Engine::State& s);

}  // namespace moodle_sync
