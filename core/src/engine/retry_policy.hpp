#pragma once
// What the engine does after a batched write failed, decided by the kind of call (create, update,
// delete, other) and by what the failure says about whether Moodle applied it. A pure function:
// proven by native tests, applied by engine_batches.cpp.
#include <cstddef>
#include <string>

#include "engine/engine_batch.hpp"
#include "moodle_sync/moodle_answer.hpp"

namespace moodle_sync {

enum class CallKind { create, update, remove, other };
CallKind call_kind(const BatchSpec& spec);

enum class FailureStep {
  split,    // an all-or-nothing batch refused for one item: halves, until that item stands alone
  fail,     // the item's own error, or the retries are spent
  resend,   // nothing was applied, or applying it twice is harmless: the same batch again, later
  reread,   // a create that may have been applied: read Moodle again and plan afresh (what exists is adopted)
  settle,   // a create that may still be running in Moodle: wait, read again, and send it again only
            // when it did not appear after several reads
  deleted,  // a delete that finds nothing, sent again after an attempt whose answer was lost: done
  stop,     // credentials, permission, protocol: every call would fail alike
};

struct FailureInput {
  CallKind kind = CallKind::other;
  bool all_or_nothing = true;
  std::size_t items = 1;
  int attempts = 0;   // transient failures of these items so far, this one included
  int retries = 3;
  bool resent = false;  // an earlier attempt of this call failed in transit (it may have been applied)
};

FailureStep decide_failure(const FailureInput& in, const CallError& error);

// A warning of a per-item call (update_courses, update_users, delete_courses) names one item.
enum class WarningStep { fail, retry, deleted };
WarningStep decide_warning(CallKind kind, const std::string& warningcode, int attempts, int retries);

// A 504 from a proxy, or the client's own time limit: PHP may still be running the call.
bool may_still_run(const CallError& error);
// Moodle's answer for an object that does not exist (any more): a delete found nothing to delete.
bool finds_nothing(const CallError& error);
bool gone_warning(const std::string& warningcode);
// The wait before retry `attempt` (1-based): the first delay doubled at each further one, at most a minute.
long long retry_delay(long long first_ms, int attempt);

const char* to_string(FailureStep step);

}  // namespace moodle_sync
