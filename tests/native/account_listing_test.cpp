// The accounts listed to find deleted users keep what that search reads: id, idnumber, suspended.
#include <gtest/gtest.h>

#include "moodle/moodle_index.hpp"

using moodle_sync::json;
using moodle_sync::MoodleTable;

TEST(AccountListing, KeepsTheIdTheIdnumberAndTheSuspensionOfEachAccount) {
  MoodleTable table;
  const json users = json::parse(R"([
    {"id": 7, "username": "anna", "idnumber": "user-12", "suspended": true, "email": "a@x.example", "customfields": [{"shortname": "x", "value": "1"}]},
    {"id": 8, "username": "ben", "idnumber": null, "firstname": "Ben"}
  ])");
  ASSERT_TRUE(moodle_sync::load_account_listing(table, users));
  EXPECT_TRUE(table.loaded());
  EXPECT_EQ(*table.by_id(7), json::parse(R"({"id": 7, "idnumber": "user-12", "suspended": true})"));
  EXPECT_EQ(*table.by_id(8), json::parse(R"({"id": 8, "idnumber": ""})"));
  EXPECT_EQ(table.by_idnumber("user-12"), table.by_id(7));
}

TEST(AccountListing, AnAnswerThatIsNoListOfAccountsIsRefused) {
  MoodleTable table;
  EXPECT_FALSE(moodle_sync::load_account_listing(table, json::object()));
  EXPECT_FALSE(moodle_sync::load_account_listing(table, json::parse(R"([{"username": "no id"}])")));
  EXPECT_TRUE(table.loaded());
}
