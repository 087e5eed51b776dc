// A create's changes held as its fields' new values (engine/created_changes.hpp): written out, they
// are the very tree diff_fields gives a create, so reports and plans stay byte for byte the same.
#include <gtest/gtest.h>

#include "engine/created_changes.hpp"
#include "moodle/entity_diff.hpp"

namespace moodle_sync {
namespace {

TEST(CreatedChanges, WrittenOutAsTheTreeDiffFieldsGivesACreate) {
  json item = {{"fullname", "Algebra"}, {"shortname", "alg"},  {"summary", "<p>Numbers</p>"}, {"summaryformat", 1},
               {"categoryid", 3},       {"visible", 0},        {"startdate", 1700000000},      {"idnumber", "course-7"},
               {"customfields", json::array({{{"shortname", "level"}, {"value", "2"}}, {{"shortname", "code"}, {"value", "A1"}}})}};
  const json tree = diff_fields("courses", item, json::object());
  ASSERT_TRUE(tree.contains("customfields.level"));  // a custom field's old value is "", the others' null
  json held = tree;
  ASSERT_TRUE(compact_created(held));
  EXPECT_EQ(held["fullname"], "Algebra");
  EXPECT_EQ(held["customfields.code"], "A1");
  EXPECT_EQ(created_changes(held).dump(), tree.dump());
}

TEST(CreatedChanges, ChangesWithAnOldValueStayWhole) {
  for (json changes : {json{{"fullname", {{"old", "Algebra I"}, {"new", "Algebra"}}}},
                       json{{"customfields.level", {{"old", nullptr}, {"new", "2"}}}},
                       json{{"visible", {{"old", ""}, {"new", 1}}}}, json{{"suspended", 1}}}) {
    json held = changes;
    EXPECT_FALSE(compact_created(held)) << changes.dump();
    EXPECT_EQ(held.dump(), changes.dump());
  }
}

TEST(CreatedChanges, NoChangesStayAnEmptyObject) {
  json held = json::object();
  ASSERT_TRUE(compact_created(held));
  EXPECT_EQ(created_changes(held).dump(), "{}");
}

}  // namespace
}  // namespace moodle_sync
