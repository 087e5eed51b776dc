// Retries by kind of call. Creates are never sent again blindly: a create that may have been
// applied is read back first (and one that may still be running is waited for), so that what
// exists is adopted, never made twice. A Moodle exception answer proves its transaction rolled
// back (a database deadlock, `dmlwriteexception`): the same batch is sent again whole, not split.
// A delete sent again after its answer was lost may find nothing left: that is a delete done.
#include "engine/retry_policy.hpp"

#include <algorithm>
#include <cctype>

namespace moodle_sync {
namespace {

bool contains_ci(const std::string& text, const std::string& needle) {
  auto it = std::search(text.begin(), text.end(), needle.begin(), needle.end(),
                        [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
  return it != text.end();
}

}  // namespace

CallKind call_kind(const BatchSpec& spec) {
  if (spec.answer == BatchSpec::Answer::created_list) return CallKind::create;
  if (spec.success_outcome == Outcome::deleted) return CallKind::remove;
  if (spec.success_outcome == Outcome::updated) return CallKind::update;
  return CallKind::other;
}

bool may_still_run(const CallError& e) {
  if (e.http_status == 504) return true;
  return e.transport && e.http_status == 0 && (contains_ci(e.message, "timeout") || contains_ci(e.message, "timed out"));
}

// Recorded on Moodle 4.5: delete_users and delete_cohorts answer dml_missing_record_exception
// (invaliduser, invalidrecord) for an id that is gone; delete_courses warns unknowncourseidnumber.
bool finds_nothing(const CallError& e) {
  return e.exception.find("dml_missing_record_exception") != std::string::npos || gone_warning(e.errorcode);
}

bool gone_warning(const std::string& code) { return code == "unknowncourseidnumber" || code == "unknowncategory"; }

long long retry_delay(long long first_ms, int attempt) {
  int shift = std::clamp(attempt - 1, 0, 20);
  return std::min(first_ms << shift, 60000LL);
}

FailureStep decide_failure(const FailureInput& in, const CallError& error) {
  if (error.error_class == ErrorClass::data) {
    if (in.kind == CallKind::remove && in.resent && finds_nothing(error)) {
      // One item of a batch sent again: which ones the lost attempt deleted is known one by one.
      return in.items > 1 && in.all_or_nothing ? FailureStep::split : FailureStep::deleted;
    }
    return in.items > 1 ? FailureStep::split : FailureStep::fail;
  }
  if (error.error_class != ErrorClass::transient) return FailureStep::stop;
  if (in.attempts > in.retries) {
    // A Moodle exception that keeps coming back may be one item's after all (a dmlwriteexception
    // is also what a value too long for its column gives): isolate it like a data error.
    return !error.transport && in.items > 1 ? FailureStep::split : FailureStep::fail;
  }
  if (in.kind != CallKind::create) return FailureStep::resend;
  if (!error.transport && !error.may_have_applied) return FailureStep::resend;  // rolled back
  return may_still_run(error) ? FailureStep::settle : FailureStep::reread;
}

WarningStep decide_warning(CallKind kind, const std::string& warningcode, int attempts, int retries) {
  if (kind == CallKind::remove && attempts > 0 && gone_warning(warningcode)) return WarningStep::deleted;
  bool transient = classify_moodle_error("", warningcode, "") == ErrorClass::transient;
  return transient && attempts < retries ? WarningStep::retry : WarningStep::fail;
}

const char* to_string(FailureStep step) {
  switch (step) {
    case FailureStep::split: return "split";
    case FailureStep::fail: return "fail";
    case FailureStep::resend: return "resend";
    case FailureStep::reread: return "reread";
    case FailureStep::settle: return "settle";
    case FailureStep::deleted: return "deleted";
    case FailureStep::stop: return "stop";
  }
  return "?";
}

}  // namespace moodle_sync
