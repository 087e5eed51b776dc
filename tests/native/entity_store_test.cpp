// Entities and their relationships, beyond what the decision vectors show: documents with
// `included`, resolution through references, and errors that name the place.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "moodle_sync/entity.hpp"

using moodle_sync::EntityFormatError;
using moodle_sync::EntityStore;
using moodle_sync::json;

namespace {

json course_document() {
  return json::parse(R"({
    "data": [
      {"type": "node--course", "id": "c1", "attributes": {"drupal_internal__nid": 42, "title": "Chemie", "body": {"value": "<p>x</p>"}},
       "relationships": {"field_category": {"data": {"type": "taxonomy_term--cats", "id": "t1"}},
                         "field_tags": {"data": []}}},
      {"type": "node--course", "id": "c2", "attributes": {"drupal_internal__nid": "43", "title": "Physik"}}
    ],
    "included": [
      {"type": "taxonomy_term--cats", "id": "t1", "attributes": {"drupal_internal__tid": 7, "name": "Sciences", "field_moodle_id": "12"}}
    ]})");
}

TEST(EntityStore, ReadsDataAndIncludedInOrder) {
  EntityStore store;
  store.add_document(course_document(), "courses.json");
  auto courses = store.of_type("node--course");
  ASSERT_EQ(courses.size(), 2u);
  EXPECT_EQ(courses[0]->id.number(), 42);
  EXPECT_EQ(courses[1]->id.number(), 43);  // a numeric string id is accepted
  EXPECT_EQ(courses[0]->label(), "node--course 42");
  EXPECT_EQ(courses[0]->bundle(), "course");
  EXPECT_EQ(courses[0]->entity_type(), "node");
  EXPECT_EQ(store.of_type("taxonomy_term--cats").size(), 1u);
}

TEST(EntityStore, ResolvesThroughAReference) {
  EntityStore store;
  store.add_document(course_document(), "courses.json");
  const auto* course = store.find("node--course", "c1");
  ASSERT_NE(course, nullptr);
  EXPECT_EQ(store.resolve(*course, "field_category.name").value, "Sciences");
  EXPECT_EQ(store.resolve(*course, "field_category.field_moodle_id").value, "12");
  EXPECT_EQ(store.resolve(*course, "field_category.id").value, "t1");
  EXPECT_EQ(store.resolve(*course, "body.value").value, "<p>x</p>");
  EXPECT_TRUE(store.resolve(*course, "field_tags").found);
  EXPECT_TRUE(store.resolve(*course, "field_tags").value.empty());
}

TEST(EntityStore, MissingPathsSayWhy) {
  EntityStore store;
  store.add_document(course_document(), "courses.json");
  const auto* course = store.find("node--course", "c1");
  auto missing = store.resolve(*course, "field_nothing");
  EXPECT_FALSE(missing.found);
  EXPECT_EQ(missing.problem, "no field \"field_nothing\"");
  auto deep = store.resolve(*course, "field_category.field_nothing");
  EXPECT_FALSE(deep.found);
  EXPECT_EQ(deep.problem, "field_category -> taxonomy_term--cats 7: no field \"field_nothing\"");
  auto part = store.resolve(*course, "title.value");
  EXPECT_FALSE(part.found);
  EXPECT_EQ(part.problem, "title is a single value, it has no part \"value\"");
}

TEST(EntityStore, MalformedResourceNamesFileAndIndex) {
  EntityStore store;
  json doc = json::parse(R"({"data": [{"type": "node--course", "id": "ok"}, {"type": "node--course"}]})");
  try {
    store.add_document(doc, "export/courses.json");
    FAIL() << "expected an EntityFormatError";
  } catch (const EntityFormatError& e) {
    EXPECT_STREQ(e.what(), "export/courses.json: data[1].id: expected the resource uuid");
  }
}

TEST(EntityStore, DocumentWithoutDataIsRefused) {
  EntityStore store;
  EXPECT_THROW(store.add_document(json::parse(R"({"errors": []})"), "x.json"), EntityFormatError);
}

TEST(EntityStore, OnePageOfACollectionMarksTheTypesOfItsData) {
  EntityStore store;
  json page = course_document();
  page["links"] = {{"self", {{"href", "https://learn.example/jsonapi/node/course"}}},
                   {"next", {{"href", "https://learn.example/jsonapi/node/course?page%5Boffset%5D=50"}}}};
  store.add_document(page, "export/courses.json");
  EXPECT_TRUE(store.incomplete("node--course"));
  EXPECT_EQ(store.incomplete_types().count("taxonomy_term--cats"), 0u) << "the page's included resources are not its collection";
  EXPECT_EQ(store.incomplete_types().at("node--course"), "export/courses.json");

  EntityStore whole;
  json last = course_document();
  last["links"] = {{"self", {{"href", "https://learn.example/jsonapi/node/course"}}}, {"next", nullptr}};
  whole.add_document(last, "export/courses.json");
  EXPECT_FALSE(whole.incomplete("node--course")) << "a null next link is the last page";
  EXPECT_TRUE(whole.incomplete_types().empty());
}

}  // namespace

TEST(EntityStore, ATypeOnlyInIncludedIsIncomplete) {
  EntityStore store;
  store.add_document(json::parse(R"({"data": [{"type": "registration--r", "id": "r1", "attributes": {"drupal_internal__id": 1},
    "relationships": {"user_uid": {"data": {"type": "user--user", "id": "u1"}}}}],
    "included": [{"type": "user--user", "id": "u1", "attributes": {"drupal_internal__uid": 7}}]})"), "export/registrations.json");
  EXPECT_TRUE(store.incomplete("user--user"));
  EXPECT_FALSE(store.incomplete("registration--r"));
  EXPECT_EQ(store.included_only_types().at("user--user"), "export/registrations.json: included[0]");
  store.add_document(json::parse(R"({"data": [{"type": "user--user", "id": "u2", "attributes": {"drupal_internal__uid": 8}}]})"), "export/users.json");
  EXPECT_FALSE(store.incomplete("user--user"));
  EXPECT_TRUE(store.included_only_types().empty());
}

TEST(EntityStore, ASingleResourceDocumentIsNotTheWholeCollection) {
  EntityStore store;
  store.add_document(json::parse(R"({"data": {"type": "node--course", "id": "n1", "attributes": {"drupal_internal__nid": 1}}})"), "export/course.json");
  EXPECT_TRUE(store.incomplete("node--course"));
}

// The by-type lists point at entities: a copy's must point at its own, in the same order, and an
// included copy later replaced by its data copy stays one entity in its first place.
TEST(EntityStore, ACopyListsItsOwnEntitiesInTheSameOrder) {
  EntityStore original;
  original.add_document(course_document(), "courses.json");
  original.add_document(json::parse(R"j({"data": [{"type": "taxonomy_term--cats", "id": "t1",
      "attributes": {"drupal_internal__tid": 7, "name": "Sciences (data)"}}]})j"), "terms.json");
  EntityStore copy = original;
  auto mine = copy.of_type("node--course");
  auto theirs = original.of_type("node--course");
  ASSERT_EQ(mine.size(), 2u);
  for (std::size_t i = 0; i < mine.size(); ++i) {
    EXPECT_NE(mine[i], theirs[i]);
    EXPECT_EQ(mine[i], copy.find("node--course", theirs[i]->uuid));
  }
  auto terms = copy.of_type("taxonomy_term--cats");
  ASSERT_EQ(terms.size(), 1u);
  EXPECT_EQ(terms[0]->attributes.value("name", nullptr), "Sciences (data)");
  EXPECT_TRUE(copy.has_type("taxonomy_term--cats"));
  EXPECT_FALSE(copy.has_type("node--page"));
  EXPECT_EQ(copy.types(), (std::set<std::string>{"node--course", "taxonomy_term--cats"}));
}
