// Retries by kind of call: what the engine does after a failed write, from the answers a real
// Moodle 4.5 gave (/work/shared/moodle-4.5-transcripts: limits.jsonl, users.jsonl, cohorts.jsonl,
// courses.jsonl) and what a proxy or the client's time limit gives.
#include <gtest/gtest.h>

#include "engine/retry_policy.hpp"
#include "moodle_sync/moodle_answer.hpp"

using namespace moodle_sync;

namespace {

CallError answered(const std::string& body, int status = 200) { return decode_answer({status, "application/json", body, ""}).error; }
CallError no_answer(const std::string& why) { return decode_answer({0, "", "", why}).error; }

const char* const kDeadlock = R"j({"exception":"dml_write_exception","errorcode":"dmlwriteexception","message":"Error writing to database"})j";
const char* const kUserGone = R"j({"exception":"dml_missing_record_exception","errorcode":"invaliduser","message":"Invalid user"})j";
const char* const kCohortGone = R"j({"exception":"dml_missing_record_exception","errorcode":"invalidrecord","message":"Can't find data record in database table cohort."})j";
const char* const kShortnameTaken = R"j({"exception":"moodle_exception","errorcode":"shortnametaken","message":"Short name is already used for another course (DE)"})j";

FailureInput batch(CallKind kind, std::size_t items, int attempts, bool resent = false) {
  FailureInput in;
  in.kind = kind;
  in.items = items;
  in.attempts = attempts;
  in.retries = 3;
  in.resent = resent;
  return in;
}

}  // namespace

TEST(RetryPolicy, ADeadlockIsTransientAndTheWholeBatchIsSentAgainNotSplit) {
  CallError e = answered(kDeadlock);
  EXPECT_EQ(e.error_class, ErrorClass::transient);
  EXPECT_FALSE(e.may_have_applied);
  EXPECT_EQ(decide_failure(batch(CallKind::other, 100, 1), e), FailureStep::resend);   // enrol_manual_enrol_users
  EXPECT_EQ(decide_failure(batch(CallKind::update, 100, 1), e), FailureStep::resend);
  // A create's transaction rolled back (limits.jsonl batch_2nd_too_long: nothing persisted): sent again as is.
  EXPECT_EQ(decide_failure(batch(CallKind::create, 100, 1), e), FailureStep::resend);
}

TEST(RetryPolicy, ADeadlockThatKeepsComingBackIsIsolatedLikeOneItemsError) {
  // A value too long for its column also answers dmlwriteexception: once the retries are spent the
  // batch is split so that only that item fails.
  EXPECT_EQ(decide_failure(batch(CallKind::create, 100, 4), answered(kDeadlock)), FailureStep::split);
  EXPECT_EQ(decide_failure(batch(CallKind::create, 1, 4), answered(kDeadlock)), FailureStep::fail);
  // A transport failure that keeps coming back says nothing about an item: every item fails with it.
  EXPECT_EQ(decide_failure(batch(CallKind::update, 100, 4), answered("<html>503</html>", 503)), FailureStep::fail);
}

TEST(RetryPolicy, ACreateThatMayHaveBeenAppliedIsReadBackNeverSentBlindly) {
  EXPECT_EQ(decide_failure(batch(CallKind::create, 10, 1), answered("<html>503</html>", 503)), FailureStep::reread);
  EXPECT_EQ(decide_failure(batch(CallKind::create, 10, 1), no_answer("fetch failed (ECONNRESET)")), FailureStep::reread);
  EXPECT_EQ(decide_failure(batch(CallKind::create, 10, 1), answered(R"([{"id": 5, "shortn)")), FailureStep::reread);
}

TEST(RetryPolicy, ACreateThatMayStillBeRunningIsWaitedForAndReadBack) {
  CallError gateway = answered("<html><head><title>504 Gateway Time-out</title></head></html>", 504);
  EXPECT_TRUE(may_still_run(gateway));
  EXPECT_EQ(decide_failure(batch(CallKind::create, 1, 1), gateway), FailureStep::settle);
  CallError timeout = no_answer("The operation was aborted due to timeout (TimeoutError)");
  EXPECT_TRUE(may_still_run(timeout));
  EXPECT_EQ(decide_failure(batch(CallKind::create, 1, 1), timeout), FailureStep::settle);
  EXPECT_FALSE(may_still_run(no_answer("fetch failed (ECONNRESET)")));
  // An update may be applied twice: sent again after the wait.
  EXPECT_EQ(decide_failure(batch(CallKind::update, 1, 1), gateway), FailureStep::resend);
}

TEST(RetryPolicy, ADeleteSentAgainAfterItsAnswerWasLostCountsWhatIsGoneAsDeleted) {
  // users.jsonl delete-already-deleted, cohorts.jsonl delete-cohort-again.
  EXPECT_EQ(decide_failure(batch(CallKind::remove, 1, 1, true), answered(kUserGone)), FailureStep::deleted);
  EXPECT_EQ(decide_failure(batch(CallKind::remove, 1, 1, true), answered(kCohortGone)), FailureStep::deleted);
  // delete_users is one transaction: which items the lost attempt deleted is found one by one.
  EXPECT_EQ(decide_failure(batch(CallKind::remove, 4, 1, true), answered(kUserGone)), FailureStep::split);
  // Never sent before: an id that finds nothing is the entity's problem, not a success.
  EXPECT_EQ(decide_failure(batch(CallKind::remove, 1, 0, false), answered(kUserGone)), FailureStep::fail);
  // courses.jsonl delete_already_deleted: a warning per item.
  EXPECT_EQ(decide_warning(CallKind::remove, "unknowncourseidnumber", 1, 3), WarningStep::deleted);
  EXPECT_EQ(decide_warning(CallKind::remove, "unknowncourseidnumber", 0, 3), WarningStep::fail);
}

TEST(RetryPolicy, AWarningOfATransientKindRetriesItsItemOnly) {
  EXPECT_EQ(decide_warning(CallKind::update, "dmlwriteexception", 0, 3), WarningStep::retry);
  EXPECT_EQ(decide_warning(CallKind::update, "dmlwriteexception", 3, 3), WarningStep::fail);
  EXPECT_EQ(decide_warning(CallKind::update, "invalidparameter", 0, 3), WarningStep::fail);
}

TEST(RetryPolicy, DataErrorsSplitAndOtherClassesStopTheRun) {
  EXPECT_EQ(decide_failure(batch(CallKind::create, 4, 0), answered(kShortnameTaken)), FailureStep::split);
  EXPECT_EQ(decide_failure(batch(CallKind::create, 1, 0), answered(kShortnameTaken)), FailureStep::fail);
  CallError nocap = answered(R"j({"exception":"required_capability_exception","errorcode":"nopermissions","message":"Sorry"})j");
  EXPECT_EQ(decide_failure(batch(CallKind::update, 4, 0), nocap), FailureStep::stop);
}

TEST(RetryPolicy, TheWaitDoublesUpToAMinute) {
  EXPECT_EQ(retry_delay(500, 1), 500);
  EXPECT_EQ(retry_delay(500, 3), 2000);
  EXPECT_EQ(retry_delay(500, 30), 60000);
  EXPECT_EQ(retry_delay(0, 2), 0);
}
