// The completion push below the engine: the secret compared in constant time, both payload forms
// and their bad inputs, and what a push changes (total reset, several registrations of a pair,
// stale pushes, unknown keys, the same payload twice).
#include <gtest/gtest.h>

#include "completion_fixture.hpp"
#include "components/completion/completion_gate.hpp"
#include "components/completion/push_decide.hpp"
#include "components/completion/push_payload.hpp"

using namespace moodle_sync;
using namespace completion_fixture;

namespace {

constexpr long long kNow = 1796515200;  // 2026-12-06T00:00:00Z: the clock is data

PushPayload parsed(const std::string& body, const std::string& type = "application/json") {
  PushPayload p;
  std::string problem = parse_push_payload(body, type, kNow, p);
  EXPECT_EQ(problem, "") << body;
  return p;
}

std::string problem_of(const std::string& body, const std::string& type = "application/json") {
  PushPayload p;
  return parse_push_payload(body, type, kNow, p);
}


PushKeys keys() { return {"node--course", "course-{id}", "user--user", "user-{id}"}; }

// Applies the decisions to the store, as a source would: the next push sees what was written.
void apply(EntityStore& store, const PushDecisions& d) {
  for (const auto& e : d.entities) {
    Entity* target = store.find(e.entity->type, e.entity->uuid);
    for (const auto& c : e.changes) target->attributes.set(c.field, c.new_value);
  }
}

int writes(const PushDecisions& d) {
  int n = 0;
  for (const auto& e : d.entities) n += !e.changes.empty();
  return n;
}

}  // namespace

TEST(CompletionGate, EveryByteIsComparedWhateverDiffersFirst) {
  const std::string secret = "0123456789abcdef0123456789abcdef";
  std::size_t steps = 0;
  EXPECT_FALSE(same_secret("X123456789abcdef0123456789abcdef", secret, &steps));
  EXPECT_EQ(steps, secret.size());
  EXPECT_FALSE(same_secret("0", secret, &steps));  // a short guess costs the whole secret
  EXPECT_EQ(steps, secret.size());
  EXPECT_FALSE(same_secret(secret + "0", secret, &steps));
  EXPECT_EQ(steps, secret.size() + 1);
  EXPECT_TRUE(same_secret(secret, secret, &steps));
  EXPECT_EQ(steps, secret.size());
  EXPECT_FALSE(same_secret("", "", &steps));  // no secret configured: nothing is accepted
}

TEST(CompletionPayload, PluginFormIsRead) {
  PushPayload p = parsed(R"({"course-100": {"total": 3, "users": {"user-7": {"course_completed": true,
      "course_completed_date": 1796515092, "completed": 3}, "8": {"course_completed": false, "course_completed_date": 0, "completed": 1}}}})");
  ASSERT_FALSE(p.is_event);
  ASSERT_EQ(p.courses.size(), 1u);
  EXPECT_EQ(p.courses[0].total, 3);
  ASSERT_EQ(p.courses[0].users.size(), 2u);
  EXPECT_EQ(p.courses[0].users[0].date, 1796515092);
  EXPECT_FALSE(p.courses[0].users[1].date);  // 0: no date
  EXPECT_EQ(p.courses[0].users[1].activities, 1);
}

TEST(CompletionPayload, BadShapesNameTheirPath) {
  EXPECT_EQ(problem_of("{not json"), "$: not JSON");
  EXPECT_EQ(problem_of("   "), "$: the body is empty");
  EXPECT_EQ(problem_of("42"), "$: expected an object keyed by course");
  EXPECT_EQ(problem_of(R"({"course-100": 5})"), "$.course-100: expected an object {total?, users}");
  EXPECT_EQ(problem_of(R"({"100": {"users": {"7": {"course_completed": "maybe"}}}})"), "$.100.users.7.course_completed: expected true or false");
  EXPECT_EQ(problem_of(R"({"100": {"users": {"7": {}}}})"), "$.100.users.7.course_completed: missing value");
  EXPECT_EQ(problem_of(R"({"100": {"total": -1}})"), "$.100.total: expected a number of activities");
  EXPECT_EQ(problem_of(R"({"a.b": {"users": 3}})"), R"($["a.b"].users: expected an object keyed by user)");
  EXPECT_EQ(problem_of(R"({"100": {"users": {"7": {"course_completed": true, "course_completed_date": "soon"}}}})"),
            "$.100.users.7.course_completed_date: expected a unix time in seconds");
}

TEST(CompletionPayload, ImpossibleDatesAreRejectedForThatUserOnly) {
  PushPayload p = parsed(R"({"100": {"users": {
      "7": {"course_completed": true, "course_completed_date": -5},
      "8": {"course_completed": true, "course_completed_date": 1796601601},
      "9": {"course_completed": true, "course_completed_date": 1796601600}}}})");
  ASSERT_EQ(p.rejected.size(), 2u);
  EXPECT_EQ(p.rejected[0].user_key, "7");
  EXPECT_EQ(p.rejected[0].field, "course_completed_date");
  EXPECT_EQ(p.rejected[1].problem, "a date in the future");
  ASSERT_EQ(p.courses[0].users.size(), 1u);  // now + 1 day is still accepted
  EXPECT_EQ(p.courses[0].users[0].key, "9");
}

TEST(CompletionPayload, ToolTriggerEventFormInJsonAndFormEncoded) {
  // jsonencode on: parse_str then json_encode, every value a string.
  PushPayload j = parsed(R"({"eventname": "\\core\\event\\course_completed", "courseid": "5", "relateduserid": "12", "timecreated": "1796515092"})");
  ASSERT_TRUE(j.is_event);
  EXPECT_EQ(j.event.courseid, 5);
  EXPECT_EQ(j.event.relateduserid, 12);
  EXPECT_EQ(j.event.timecreated, 1796515092);
  // jsonencode off and no Content-Type header: the rendered template, values urlencoded.
  PushPayload f = parsed("eventname=%5Ccore%5Cevent%5Ccourse_completed&courseid=5&relateduserid=12&timecreated=1796515092", "");
  ASSERT_TRUE(f.is_event);
  EXPECT_EQ(f.event.relateduserid, 12);
  EXPECT_EQ(problem_of("courseid=5&timecreated=1", "application/x-www-form-urlencoded"), "$.relateduserid: missing value");
  EXPECT_EQ(problem_of(R"({"eventname": "\\core\\event\\user_created", "courseid": 5, "relateduserid": 1, "timecreated": 1})"),
            "$.eventname: expected \\core\\event\\course_completed");
  PushPayload late = parsed("courseid=5&relateduserid=12&timecreated=1896515092", "application/x-www-form-urlencoded");
  ASSERT_EQ(late.rejected.size(), 1u);
  EXPECT_EQ(late.rejected[0].field, "timecreated");
}

TEST(CompletionPush, EveryRegistrationOfThePairIsWrittenAndTheSamePushTwiceWritesNothing) {
  EntityStore store = store_with({registration("r1", 1, "u7", 100), registration("r2", 2, "u7", 100)});
  PushPayload p = parsed(R"({"course-100": {"users": {"user-7": {"course_completed": true, "course_completed_date": 1796515092, "completed": 3}}}})");
  PushDecisions first = decide_push(p.courses, p.rejected, store, mapped(), keys());
  ASSERT_EQ(first.entities.size(), 2u);
  EXPECT_EQ(writes(first), 2);
  EXPECT_EQ(fields_to_write(first.entities[1].changes),
            json({{"field_completed", true}, {"field_completed_date", "2026-12-05T23:58:12+00:00"}, {"field_activities", 3}}));
  apply(store, first);
  PushDecisions second = decide_push(p.courses, p.rejected, store, mapped(), keys());
  EXPECT_EQ(writes(second), 0);
}

TEST(CompletionPush, TotalResetsTheCourseButWritesOnlyWhatChanges) {
  EntityStore store = store_with({
      registration("r1", 1, "u7", 100, {{"field_completed", true}, {"field_completed_date", "2026-12-05T23:58:12+00:00"}, {"field_activities", 3}}),
      registration("r2", 2, "u8", 100, {{"field_completed", true}, {"field_completed_date", "2026-12-01T10:00:00+00:00"}, {"field_activities", 2}}),
  });
  PushPayload p = parsed(R"({"100": {"total": 4, "users": {"7": {"course_completed": true, "course_completed_date": 1796515092, "completed": 3}}}})");
  PushDecisions d = decide_push(p.courses, p.rejected, store, mapped(), keys());
  ASSERT_EQ(d.entities.size(), 3u);
  EXPECT_TRUE(d.entities[0].course_total);
  EXPECT_EQ(fields_to_write(d.entities[0].changes), json({{"field_total", 4}}));
  EXPECT_TRUE(d.entities[1].changes.empty());  // reset, then the same facts again: nothing to write
  EXPECT_EQ(fields_to_write(d.entities[2].changes), json({{"field_completed", false}, {"field_completed_date", nullptr}, {"field_activities", 0}}));
  apply(store, d);
  EXPECT_EQ(writes(decide_push(p.courses, p.rejected, store, mapped(), keys())), 0);
}

TEST(CompletionPush, AnOlderPushChangesNothing) {
  EntityStore store = store_with({registration("r1", 1, "u7", 100, {{"field_completed", true}, {"field_completed_date", "2026-12-05T23:58:12+00:00"}})});
  PushPayload p = parsed(R"({"100": {"total": 2, "users": {"7": {"course_completed": true, "course_completed_date": 1796000000, "completed": 1}}}})");
  PushDecisions d = decide_push(p.courses, p.rejected, store, mapped(), keys());
  EXPECT_EQ(d.stale, 1);
  ASSERT_EQ(d.entities.size(), 2u);
  EXPECT_TRUE(d.entities[1].changes.empty());
  EXPECT_NE(d.entities[1].skipped.find("stale"), std::string::npos);
}

TEST(CompletionPush, UnknownKeysAreCountedNeverCreated) {
  EntityStore store = store_with({registration("r1", 1, "u7", 100)});
  PushPayload p = parsed(R"({"course-999": {"users": {"7": {"course_completed": true}}},
      "100": {"users": {"user-404": {"course_completed": true}, "nobody": {"course_completed": true}, "8": {"course_completed": true}}}})");
  PushDecisions d = decide_push(p.courses, p.rejected, store, mapped(), keys());
  EXPECT_EQ(d.unknown_courses, 1);
  EXPECT_EQ(d.unknown_users, 2);
  EXPECT_TRUE(d.entities.empty());  // user 8 exists but has no registration in course 100
  EXPECT_EQ(d.notes.size(), 4u);
  json answer = push_answer(d, 0, 0, 0, 0);
  EXPECT_EQ(answer, json::parse(R"({"status": 200, "body": {"status": 1, "message": "Updated 0 nodes and 0 registrations",
      "unknown": {"courses": 1, "users": 2}, "rejected": 0, "stale": 0}})"));
}
