// Entity ids as Drupal gives them: integers for content entities, machine names for configuration
// entities, taken from each type's own id key; an export that holds one entity twice, differently;
// and fields that point at another entity by its id rather than by a reference.
#include <gtest/gtest.h>

#include "moodle_sync/entity.hpp"

using moodle_sync::Entity;
using moodle_sync::EntityFormatError;
using moodle_sync::EntityId;
using moodle_sync::EntityStore;
using moodle_sync::json;

namespace {

std::string load_error(const json& first, const json& second) {
  EntityStore store;
  try {
    store.add_document(first, "export/a.json");
    store.add_document(second, "export/b.json");
  } catch (const EntityFormatError& e) {
    return e.what();
  }
  return "(loaded)";
}

json node(const std::string& uuid, int nid, const std::string& title) {
  return {{"type", "node--course"}, {"id", uuid}, {"attributes", {{"drupal_internal__nid", nid}, {"drupal_internal__vid", nid + 200}, {"title", title}}}};
}

TEST(EntityId, NumbersAndMachineNamesNeverMix) {
  EXPECT_EQ(EntityId::of_name("42").number(), 42);  // digits are a number, as JSON:API sometimes sends them
  EXPECT_FALSE(EntityId::of_name("007").is_number());
  EXPECT_EQ(EntityId::of_name("007").text(), "007");
  EXPECT_FALSE(EntityId::of_name("administrator").number().has_value());
  EXPECT_EQ(EntityId::of_name("administrator").value(), "administrator");
  EXPECT_EQ(EntityId::of_number(7).value(), 7);
  EXPECT_TRUE(EntityId::of_name("").empty());
  EXPECT_EQ(EntityId().value(), nullptr);
  EXPECT_FALSE(EntityId::from_value(1.5).has_value());
  EXPECT_FALSE(EntityId::from_value(true).has_value());
  // Records written with an id read back the same; anything else reads as no id, never a throw.
  EXPECT_EQ(json(EntityId::of_name("editor")).get<EntityId>(), EntityId::of_name("editor"));
  EXPECT_EQ(json(EntityId::of_number(500)).get<EntityId>(), EntityId::of_number(500));
  EXPECT_TRUE(json::object().get<EntityId>().empty());
}

TEST(EntityStore, ConfigurationEntitiesHaveMachineNames) {
  EntityStore store;
  store.add_document(json::parse(R"({"data": [
    {"type": "user_role--user_role", "id": "r1", "attributes": {"drupal_internal__id": "anonymous", "label": "Anonymous user"}},
    {"type": "user_role--user_role", "id": "r2", "attributes": {"drupal_internal__id": "administrator", "label": "Administrator"}}]})"),
                     "export/user_role--user_role.json");
  const Entity* admin = store.find("user_role--user_role", "r2");
  ASSERT_NE(admin, nullptr);
  EXPECT_EQ(admin->label(), "user_role--user_role administrator");
  EXPECT_EQ(store.resolve(*admin, "id").value, "administrator");
  EXPECT_EQ(store.find_by_id("user_role--user_role", EntityId::of_name("administrator")), admin);
}

TEST(EntityStore, TheIdIsTheTypesIdKeyNotItsRevision) {
  EntityStore store;
  store.add_document(json::parse(R"({"data": [
    {"type": "node--course", "id": "n", "attributes": {"drupal_internal__vid": 97, "drupal_internal__nid": 42}},
    {"type": "taxonomy_term--cats", "id": "t", "attributes": {"drupal_internal__revision_id": 3, "drupal_internal__tid": 8}},
    {"type": "user--user", "id": "u", "attributes": {"drupal_internal__uid": 20}},
    {"type": "registration--course_registration", "id": "r", "attributes": {"drupal_internal__registration_id": 500, "entity_id": 42}},
    {"type": "media--image", "id": "m", "attributes": {"drupal_internal__mid": 5, "drupal_internal__vid": 9}},
    {"type": "taxonomy_vocabulary--taxonomy_vocabulary", "id": "v", "attributes": {"drupal_internal__vid": "tags"}}]})"),
                     "export.json");
  EXPECT_EQ(store.find("node--course", "n")->id.number(), 42);
  EXPECT_EQ(store.find("taxonomy_term--cats", "t")->id.number(), 8);
  EXPECT_EQ(store.find("user--user", "u")->id.number(), 20);
  EXPECT_EQ(store.find("registration--course_registration", "r")->id.number(), 500);
  EXPECT_EQ(store.find("media--image", "m")->id.number(), 5);
  EXPECT_EQ(store.find("taxonomy_vocabulary--taxonomy_vocabulary", "v")->id.text(), "tags");
}

TEST(EntityStore, TwoIdKeysAreAnExportError) {
  EntityStore store;
  try {
    store.add_document(json::parse(R"({"data": [{"type": "node--course", "id": "n",
      "attributes": {"drupal_internal__nid": 42, "drupal_internal__id": 7, "drupal_internal__vid": 1}}]})"), "export/courses.json");
    FAIL() << "expected an EntityFormatError";
  } catch (const EntityFormatError& e) {
    EXPECT_STREQ(e.what(), "export/courses.json: data[0].attributes: drupal_internal__nid, drupal_internal__id: cannot tell which is the "
                           "entity id (expected one id key, and at most a revision id beside it)");
  }
}

TEST(EntityStore, OneUuidWithTwoContentsIsAnExportErrorNamingBoth) {
  json a = {{"data", {node("n-1", 100, "Chemie"), node("n-2", 101, "Physik")}}};
  json b = {{"data", {node("n-3", 102, "Biologie"), node("n-2", 101, "Physik II")}}};
  EXPECT_EQ(load_error(a, b), "export/a.json: data[1] and export/b.json: data[1] are both the node--course with uuid n-2, "
                              "with different values: the export must hold each entity once (export it again)");
}

TEST(EntityStore, OneIdUnderTwoUuidsIsAnExportErrorNamingBoth) {
  json a = {{"data", {node("n-1", 100, "Chemie")}}};
  json b = {{"data", {node("n-9", 100, "Chemie")}}};
  EXPECT_EQ(load_error(a, b), "export/a.json: data[0] (uuid n-1) and export/b.json: data[0] (uuid n-9) are both node--course 100: "
                              "two entities cannot share one id (export the site again)");
}

TEST(EntityStore, AnIdenticalCopyIsReadOnceAndNoted) {
  EntityStore store;
  store.add_document({{"data", {node("n-1", 100, "Chemie")}}}, "export/a.json");
  json reordered = {{"type", "node--course"}, {"id", "n-1"}, {"attributes", {{"title", "Chemie"}, {"drupal_internal__vid", 300}, {"drupal_internal__nid", 100}}}};
  store.add_document({{"data", {reordered}}, {"included", {node("n-1", 100, "sparse")}}}, "export/b.json");
  EXPECT_EQ(store.of_type("node--course").size(), 1u);
  EXPECT_EQ(store.find("node--course", "n-1")->attributes.value("title", nullptr), "Chemie");
  ASSERT_EQ(store.warnings().size(), 1u);
  EXPECT_EQ(store.warnings()[0], "node--course 100 is in export/a.json: data[0] and again, identical, in export/b.json: data[0]: read once");
}

TEST(EntityStore, AFieldPointsAtAnEntityByReferenceOrById) {
  EntityStore store;
  store.add_document({{"data", {node("n-1", 100, "Chemie")}}}, "courses.json");
  store.add_document(json::parse(R"({"data": [
    {"type": "registration--r", "id": "r1", "attributes": {"drupal_internal__registration_id": 1, "entity_type_id": "node", "entity_id": 100, "state": null},
     "relationships": {"host": {"data": {"type": "node--course", "id": "n-1"}}, "gone": {"data": {"type": "node--course", "id": "x"}}}},
    {"type": "registration--r", "id": "r2", "attributes": {"drupal_internal__registration_id": 2, "entity_type_id": "commerce_product", "entity_id": 100}},
    {"type": "registration--r", "id": "r3", "attributes": {"drupal_internal__registration_id": 3, "entity_type_id": "node", "entity_id": "404"}}]})"),
                     "registrations.json");
  const Entity& r1 = *store.find("registration--r", "r1");
  const Entity* course = store.find("node--course", "n-1");
  EXPECT_EQ(store.target_of(r1, "host").entity, course);
  EXPECT_EQ(store.target_of(r1, "entity_id", "node--course").entity, course);
  EXPECT_EQ(store.target_of(r1, "entity_id").problem, "entity_id is not a valid reference");  // an id, but of what?
  EXPECT_EQ(store.target_of(r1, "state", "node--course").problem, "state is empty");
  EXPECT_EQ(store.target_of(r1, "gone").problem, "gone references node--course x, which is not in the export");
  EXPECT_EQ(store.target_of(r1, "nothing").problem, "no field \"nothing\"");
  EXPECT_EQ(store.target_of(*store.find("registration--r", "r2"), "entity_id", "node--course").problem,
            "entity_id is the id of a commerce_product entity (entity_type_id), expected a node (node--course)");
  EXPECT_EQ(store.target_of(*store.find("registration--r", "r3"), "entity_id", "node--course").problem,
            "entity_id is node--course 404, which is not in the export");
}

}  // namespace
