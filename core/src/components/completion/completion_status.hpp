#pragma once
// Moodle's answers about one user's completion in one course, read as values:
// core_completion_get_course_completion_status (completed, and the date: the LATEST criterion
// `timecompleted`, which is what Moodle stores as the course completion time) and
// core_completion_get_activities_completion_status (activities complete, activities tracked).
#include <optional>
#include <string>

#include "moodle_sync/moodle_answer.hpp"

namespace moodle_sync {

// What a status read tells about one registration. Exactly one of: the values (ok), a reason to
// skip it that is no failure (`skip`), or an error to report (`error`).
struct CourseCompletionStatus {
  bool ok = false;
  bool completed = false;
  std::optional<long long> date;  // the latest criterion time; none when no criterion is met
  std::string skip;               // usernotenroled, nocriteriaset, cannotviewreport: why it is not read
  std::string skip_code;          // the Moodle errorcode behind `skip`
  CallError error;                // when neither ok nor skipped
};

struct ActivitiesCompletionStatus {
  bool ok = false;
  long long completed = 0;  // states 1 (complete) and 2 (complete, pass)
  long long tracked = 0;    // the activities with completion tracking the answer lists
  CallError error;
};

CourseCompletionStatus course_completion_status(const MoodleAnswer& answer);
ActivitiesCompletionStatus activities_completion_status(const MoodleAnswer& answer);

// The words a report gives the skip reasons of the course status read.
inline constexpr const char* kSkipNotEnrolled = "enrolment not active in Moodle (usernotenroled: suspended, not enrolled, or not a student)";
inline constexpr const char* kSkipNoCriteria = "the Moodle course has no completion criteria (nocriteriaset)";
inline constexpr const char* kSkipCompletionOff = "completion is off in the Moodle course (cannotviewreport)";

}  // namespace moodle_sync
