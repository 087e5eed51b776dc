// Reading the two per-user completion answers. Their shapes follow Moodle 4.5's recordings; an
// answer of another shape is a protocol error, never "not complete".
#include "components/completion/completion_status.hpp"

namespace moodle_sync {
namespace {

CallError shape_problem(const std::string& wsfunction, const std::string& what) {
  CallError e;
  e.error_class = ErrorClass::protocol;
  e.message = "Moodle's answer to " + wsfunction + " is not the status it should be: " + what;
  return e;
}

}  // namespace

CourseCompletionStatus course_completion_status(const MoodleAnswer& a) {
  static const std::string fn = "core_completion_get_course_completion_status";
  CourseCompletionStatus out;
  if (!a.ok) {
    const std::string& code = a.error.errorcode;
    // The errors Moodle gives for a registration that has nothing to read: skips, not failures.
    if (code == "usernotenroled") out.skip = kSkipNotEnrolled;
    else if (code == "nocriteriaset") out.skip = kSkipNoCriteria;
    else if (code == "cannotviewreport") out.skip = kSkipCompletionOff;
    if (!out.skip.empty()) out.skip_code = code;
    else out.error = a.error;
    return out;
  }
  const json& status = a.value.is_object() ? a.value.value("completionstatus", json()) : json();
  if (!status.is_object() || !status.value("completed", json()).is_boolean()) {
    out.error = shape_problem(fn, "completionstatus.completed is missing");
    return out;
  }
  const json& list = status.value("completions", json::array());
  if (!list.is_array()) {
    out.error = shape_problem(fn, "completionstatus.completions is not a list");
    return out;
  }
  out.completed = status["completed"].get<bool>();
  for (const auto& c : list) {
    const json& t = c.is_object() ? c.value("timecompleted", json()) : json();
    if (t.is_number_integer() && t.get<long long>() > 0 && (!out.date || t.get<long long>() > *out.date)) out.date = t.get<long long>();
  }
  out.ok = true;
  return out;
}

ActivitiesCompletionStatus activities_completion_status(const MoodleAnswer& a) {
  ActivitiesCompletionStatus out;
  if (!a.ok) {
    out.error = a.error;
    return out;
  }
  const json& list = a.value.is_object() ? a.value.value("statuses", json()) : json();
  if (!list.is_array()) {
    out.error = shape_problem("core_completion_get_activities_completion_status", "statuses is not a list");
    return out;
  }
  for (const auto& s : list) {
    if (!s.is_object()) continue;
    // Only tracked activities are listed (tracking 0 is left out); counted again, in case.
    const json& tracking = s.value("tracking", json());
    if (tracking.is_number_integer() && tracking.get<long long>() == 0) continue;
    ++out.tracked;
    const json& state = s.value("state", json());
    if (state.is_number_integer() && (state.get<long long>() == 1 || state.get<long long>() == 2)) ++out.completed;
  }
  out.ok = true;
  return out;
}

}  // namespace moodle_sync
