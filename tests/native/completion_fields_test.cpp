// The registration fields of completion: pairs with several registrations, values compared by
// meaning (a date whatever its offset, "1" and 1), only changed fields, and the stale guard.
#include <gtest/gtest.h>

#include "completion_fixture.hpp"
#include "components/completion/completion_fields.hpp"

using namespace moodle_sync;
using namespace completion_fixture;

namespace {


}  // namespace

TEST(CompletionFields, DateTextIsRfc3339InUtc) {
  EXPECT_EQ(completion_date_text(1796515092), "2026-12-05T23:58:12+00:00");
  EXPECT_EQ(completion_date_text(0), "1970-01-01T00:00:00+00:00");
}

TEST(CompletionFields, StoredInstantsCompareByMeaning) {
  EXPECT_EQ(stored_instant("2026-12-06T00:58:12+01:00"), 1796515092);
  EXPECT_EQ(stored_instant("2026-12-05T23:58:12Z"), 1796515092);
  EXPECT_EQ(stored_instant("2026-12-05T23:58:12"), 1796515092);
  EXPECT_EQ(stored_instant(1796515092), 1796515092);
  EXPECT_EQ(stored_instant("1796515092"), 1796515092);
  EXPECT_FALSE(stored_instant(nullptr));
  EXPECT_FALSE(stored_instant(""));
  EXPECT_FALSE(stored_instant("yesterday"));
}

TEST(CompletionFields, EveryRegistrationOfAPairIsFound) {
  EntityStore store = store_with({registration("r1", 1, "u7", 100), registration("r2", 2, "u7", 100), registration("r3", 3, "u7", 101),
                                  registration("r4", 4, "u9", 100)});
  PairRegistrations pairs(store, mapped());
  const Entity* user = store.find("user--user", "u7");
  const Entity* c100 = store.find("node--course", "c100");
  ASSERT_EQ(pairs.of(*user, *c100).size(), 2u);
  EXPECT_EQ(pairs.of(*user, *c100)[1]->uuid, "r2");
  EXPECT_EQ(pairs.of_course(*c100).size(), 2u);
  ASSERT_EQ(pairs.unresolved().size(), 1u);  // its user is not in the export
  EXPECT_EQ(pairs.unresolved()[0].first->uuid, "r4");
  EXPECT_NE(pairs.unresolved()[0].second.find("user: "), std::string::npos);
}

TEST(CompletionFields, OnlyChangedFieldsAreWritten) {
  EntityStore store = store_with({registration("r1", 1, "u7", 100,
                                               {{"field_completed", "1"}, {"field_completed_date", "2026-12-06T00:58:12+01:00"},
                                                {"field_activities", "3"}})});
  const Entity& r = *store.find("registration--course", "r1");
  CompletionFacts same{true, 1796515092, 3};
  EXPECT_TRUE(completion_changes(store, r, mapped(), same).empty());
  CompletionFacts more{true, 1796515092, 4};
  auto changes = completion_changes(store, r, mapped(), more);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(fields_to_write(changes), json({{"field_activities", 4}}));
  auto reset = completion_changes(store, r, mapped(), reset_facts());
  EXPECT_EQ(fields_to_write(reset), json({{"field_completed", false}, {"field_completed_date", nullptr}, {"field_activities", 0}}));
  EXPECT_EQ(changes_shown(reset)["field_completed"], json({{"old", "1"}, {"new", false}}));
}

TEST(CompletionFields, UnknownActivitiesAndUnmappedFieldsAreLeftAlone) {
  EntityStore store = store_with({registration("r1", 1, "u7", 100)});
  CompletionFields f = mapped();
  f.completed_date.clear();
  auto changes = completion_changes(store, *store.find("registration--course", "r1"), f, CompletionFacts{true, 5, std::nullopt});
  EXPECT_EQ(fields_to_write(changes), json({{"field_completed", true}}));
}

TEST(CompletionFields, OlderFactsAreStale) {
  EntityStore store = store_with({registration("r1", 1, "u7", 100, {{"field_completed_date", "2026-12-05T23:58:12+00:00"}})});
  const Entity& r = *store.find("registration--course", "r1");
  EXPECT_TRUE(is_stale(store, r, mapped(), CompletionFacts{true, 1796515091, 1}));
  EXPECT_FALSE(is_stale(store, r, mapped(), CompletionFacts{true, 1796515092, 1}));
  EXPECT_FALSE(is_stale(store, r, mapped(), CompletionFacts{true, 1796515093, 1}));
}

TEST(CompletionFields, CourseTotalByMeaning) {
  EntityStore store = store_with({});
  EXPECT_FALSE(course_total_change(store, *store.find("node--course", "c100"), mapped(), 3));
  auto c = course_total_change(store, *store.find("node--course", "c101"), mapped(), 3);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->new_value, 3);
}
