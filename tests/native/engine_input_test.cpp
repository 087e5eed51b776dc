// An engine's input read from its text, the documents' resources one at a time
// (read_engine_input), gives the engine that the whole parse gives: the same runs and plans for
// every sync case of the vectors, and, for text it does not take as it is, the whole read's own
// answer or error.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "moodle_sync/api.hpp"
#include "moodle_sync/engine.hpp"
#include "sync_vectors.hpp"

namespace moodle_sync {
namespace {

using testing_vectors::AnswerThatThrows;
using testing_vectors::drive;
using testing_vectors::sync_cases;

// The report of a run of `engine` whose calls get the scripted answers in order.
json run_report(Engine& engine, const json& scripted) {
  std::size_t n = 0;
  drive(engine, AnswerThatThrows::stops_the_run, [&](const json&) {
    return n < scripted.size() ? scripted[n++] : json{{"status", 200}, {"body", "[]"}};
  });
  return engine.report();
}

// The plan as call_api_text gives it (read from the text), and as the whole parse gives it.
std::string plan_from_text(const std::string& text) { return call_api_text("plan", text, true); }
std::string plan_from_tree(const std::string& text) {
  ParsedJson parsed = parse_json(text);
  if (!parsed.ok) return "not JSON: " + parsed.message;
  return plan_sync_text(std::move(parsed.value), true);
}

TEST(EngineInput, EverySyncCaseRunsAndPlansAsTheWholeParseDoes) {
  std::size_t read_apart = 0, cases = 0;
  for (const auto& c : sync_cases()) {
    SCOPED_TRACE(c.name);
    json input = c.input;
    const json scripted = input.value("answers", json::array());
    input.erase("answers");
    const std::string text = input.dump();
    EngineInput read = read_engine_input(text);
    ASSERT_TRUE(read.parsed.ok);
    if (!read.documents) continue;  // read whole: nothing differs
    ++read_apart;
    json error_apart, error_whole;
    auto apart = make_engine(std::move(read.parsed.value), error_apart, std::move(read.documents));
    auto whole = make_engine(input, error_whole);
    ASSERT_EQ(apart == nullptr, whole == nullptr);
    EXPECT_EQ(error_apart, error_whole);
    if (whole) EXPECT_EQ(run_report(*apart, scripted).dump(), run_report(*whole, scripted).dump());
    EXPECT_EQ(plan_from_text(text), plan_from_tree(text));
    ++cases;
  }
  // The sync cases carry documents: nearly all of them are read apart.
  EXPECT_GT(read_apart, 100u) << "of " << cases;
}

// A small site's input, its documents' text given in full.
std::string site_input(const std::string& documents) {
  return R"({"config": {"site": {"urls": ["https://learn.example.edu"]}, "source": {"path": "export"},
    "moodle": {"url": "https://moodle.example.edu"},
    "components": {"courses": {"bundle": "course", "idnumber_pattern": "course-{id}", "category": {"fallback": 1},
      "mapping": {"fullname": "title", "shortname": "field_code"}}}},
    "site_url": "https://learn.example.edu", "snapshot": {}, "documents": )" + documents + "}";
}

std::string course(int nid, const std::string& extra = "") {
  const std::string n = std::to_string(nid);
  return R"({"type": "node--course", "id": "course-)" + n + R"(", "attributes": {"drupal_internal__nid": )" + n +
         R"(, "title": "Course )" + n + R"(", "field_code": "C)" + n + R"(", "field_moodle_id": "")" + extra + "}}";
}

constexpr const char* kSelf = R"("self": {"href": "https://learn.example.edu/jsonapi/node/course"})";

std::string courses_document(const std::string& data, const std::string& more = "", const std::string& links = kSelf) {
  return R"({"name": "node_course.json", "document": {"jsonapi": {"version": "1.0"}, "data": )" + data + more + R"(, "links": {)" +
         links + "}}}";
}

std::string nested(std::size_t levels) { return std::string(levels, '[') + std::string(levels, ']'); }

struct Case {
  const char* what;
  std::string text;
  bool read_apart;  // whether read_engine_input takes it as it is
};

TEST(EngineInput, WhatItDoesNotTakeAsItIsGetsTheWholeReadsAnswer) {
  const std::string two = "[" + course(1) + ", " + course(2) + "]";
  std::string wide;  // 600 more attributes: past 512, the keys are compared by a set
  for (int i = 0; i < 600; ++i) wide += ", \"field_" + std::to_string(i) + "\": " + std::to_string(i);
  const std::vector<Case> cases = {
      {"a resource of 512 keys and more", site_input("[" + courses_document("[" + course(1, wide) + "]") + "]"), true},
      {"one of them twice", site_input("[" + courses_document("[" + course(1, wide + ", \"field_3\": 0") + "]") + "]"), false},
      {"one of the first twice", site_input("[" + courses_document("[" + course(1, wide + ", \"title\": \"x\"") + "]") + "]"), false},
      {"a plain export", site_input("[" + courses_document(two) + "]"), true},
      {"one resource as data, an empty list", site_input("[" + courses_document(course(1)) + ", " + courses_document("[]") + "]"), true},
      {"a next page and included resources",
       site_input("[" + courses_document(two, R"(, "included": [)" + course(3) + "]",
                                         std::string(R"("next": {"href": "https://learn.example.edu/jsonapi/node/course?page=2"}, )") + kSelf) +
                  "]"),
       true},
      {"a field nested past the entity's limit", site_input("[" + courses_document("[" + course(1, R"(, "field_deep": )" + std::string(80, '[') + std::string(80, ']')) + "]") + "]"), true},
      {"a repeated key in a resource", site_input("[" + courses_document("[" + course(1, R"(, "title": "Again")") + "]") + "]"), false},
      {"the name after the document", site_input(R"([{"document": {"data": [)" + course(1) + R"(]}, "name": "late.json"}])"), false},
      {"a name that is not text", site_input(R"([{"name": 7, "document": {"data": [)" + course(1) + R"(]}}])"), false},
      {"an entry without a document", site_input(R"([{"name": "empty.json"}])"), false},
      {"a resource without a type", site_input("[" + courses_document(R"([{"id": "x", "attributes": {}}])") + "]"), false},
      {"one uuid twice, the copies differing",
       site_input("[" + courses_document("[" + course(1) + "]") + ", " + courses_document("[" + course(1, R"(, "field_x": 1)") + "]") + "]"), false},
      {"a resource nested past the input's limit", site_input("[" + courses_document("[" + course(1, R"(, "field_deep": )" + std::string(300, '[') + std::string(300, ']')) + "]") + "]"), false},
      {"an entity error before a syntax error",
       site_input("[" + courses_document(R"([{"id": "x"}, )" + course(1) + ", " + course(2, R"(, "title": tru)") + "]") + "]"), false},
      {"a syntax error between resources", site_input("[" + courses_document("[" + course(1) + " " + course(2) + "]") + "]"), false},
      {"documents that are not a list", site_input(R"({"name": "x"})"), false},
      {"a document's data twice", site_input("[" + courses_document("[" + course(1) + "]", R"(, "data": [)" + course(2) + "]") + "]"), false},
      {"the input's documents twice", site_input("[" + courses_document(two) + "]").replace(0, 1, R"({"documents": [], )"), false},
      {"text after the input", site_input("[" + courses_document(two) + "]") + " x", false},
      {"a byte-order mark", "\xEF\xBB\xBF" + site_input("[" + courses_document(two) + "]"), false},
      {"the documents' key written with an escape", site_input("[" + courses_document(two) + "]").replace(
           site_input("[" + courses_document(two) + "]").find("\"documents\""), 11, R"("docu\u006dents")"), true},
      // A field's value in a resource of a list is at level 8 (input, documents, entry, document,
      // data, resource, attributes): 249 levels more reach the input's limit, 250 pass it.
      {"a resource at the input's depth limit", site_input("[" + courses_document("[" + course(1, R"(, "field_deep": )" + nested(249)) + "]") + "]"), true},
      {"a resource one level past it", site_input("[" + courses_document("[" + course(1, R"(, "field_deep": )" + nested(250)) + "]") + "]"), false},
      // A document's data as one resource: one level less around it.
      {"one resource as data at the limit", site_input("[" + courses_document(course(1, R"(, "field_deep": )" + nested(250))) + "]"), true},
      {"one resource as data past it", site_input("[" + courses_document(course(1, R"(, "field_deep": )" + nested(251))) + "]"), false},
      {"an input without documents", R"({"config": {}})", false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    EngineInput read = read_engine_input(c.text);
    EXPECT_EQ(read.documents.has_value(), c.read_apart);
    ParsedJson whole = parse_json(c.text);
    if (whole.ok) {
      EXPECT_EQ(plan_from_text(c.text), plan_from_tree(c.text));
    } else {  // the whole read's error, as the input's
      EXPECT_FALSE(read.parsed.ok);
      EXPECT_EQ(read.parsed.message, whole.message);
      EXPECT_NE(plan_from_text(c.text).find(whole.too_deep ? whole.message : "not valid JSON"), std::string::npos);
    }
  }
}

// A value as text that tells apart what a dump does not: the kind of each number.
std::string kinds_and_values(const json& v) {
  std::string out = std::to_string(static_cast<int>(v.type())) + ":";
  if (v.is_object()) {
    for (const auto& [k, m] : v.items()) out += "{" + k + "=" + kinds_and_values(m) + "}";
  } else if (v.is_array()) {
    for (const auto& m : v) out += "[" + kinds_and_values(m) + "]";
  } else {
    out += v.dump();
  }
  return out;
}

// Each resource, read from an input's text straight into its entity (its fields packed as they are
// read, no tree made) or, where that declines, as a tree: the entity parse_entity makes of it.
TEST(EngineInput, AResourceReadStraightFromTextIsTheEntityItsTreeMakes) {
  std::string many_keys = "{";
  for (int i = 0; i < 70; ++i) many_keys += std::string(i ? ", " : "") + "\"k" + std::to_string(i) + "\": " + std::to_string(i);
  many_keys += "}";
  const std::vector<std::string> resources = {
      // Strings with escapes and pairs, numbers of each kind, nested values, relationships, links.
      R"({"type": "node--course", "id": "c1", "links": {"self": {"href": "x"}}, "attributes": {"drupal_internal__nid": 1, "drupal_internal__vid": 9,
          "title": "Cours \u00e9t\u00e9 \"quoted\" \\ \/ \b\f\n\r\t \ud83d\ude00 é€𝄞", "field_code": "C1",
          "n": [0, -5, 123456789012345678, -123456789012345678, 1.5e3, -0.0, 2.5E-3, 1e2], "flags": [true, false, null],
          "body": {"value": "<p>x</p>", "format": "basic_html", "processed": "<p>x</p>", "summary": ""}, "empty": {}, "none": [],
          "list": [{"a": 1, "b": [{"c": "d"}]}, []]},
        "relationships": {"field_category": {"data": {"type": "taxonomy_term--course_categories", "id": "t1", "meta": {"drupal_internal__target_id": 7}},
          "links": {"related": {"href": "y"}}}, "field_tags": {"data": []}}, "meta": {"x": 1}})",
      // Relationships null are none; no attributes at all.
      R"({"type": "node--course", "id": "c2", "attributes": {"drupal_internal__nid": 2, "title": "Two", "field_code": "C2"}, "relationships": null})",
      R"({"id": "c3", "type": "node--course"})",
      // A vocabulary's id is its vid; a configuration entity's is a machine name; an id left null.
      R"({"type": "taxonomy_vocabulary--taxonomy_vocabulary", "id": "v1", "attributes": {"drupal_internal__vid": "course_categories"}})",
      R"({"type": "user_role--user_role", "id": "r1", "attributes": {"drupal_internal__id": "administrator", "label": "Administrator"}})",
      R"({"type": "node--course", "id": "c4", "attributes": {"drupal_internal__nid": null, "title": "Four"}})",
      // A field at the entity's depth limit, one past it (the entity is then unusable), and one with
      // more keys than are packed straight from text.
      R"({"type": "node--course", "id": "c5", "attributes": {"drupal_internal__nid": 5, "field_deep": )" + nested(64) + "}}",
      R"({"type": "node--course", "id": "c6", "attributes": {"drupal_internal__nid": 6, "field_deep": )" + nested(65) + "}}",
      R"({"type": "node--course", "id": "c7", "attributes": {"drupal_internal__nid": 7, "field_wide": )" + many_keys + "}}",
  };
  std::string data = "[";
  for (const auto& r : resources) data += (data.size() > 1 ? ", " : "") + r;
  data += "]";
  EngineInput read = read_engine_input(site_input("[" + courses_document(data) + "]"));
  ASSERT_TRUE(read.documents.has_value());
  for (std::size_t i = 0; i < resources.size(); ++i) {
    SCOPED_TRACE(resources[i]);
    ParsedJson tree = parse_json(resources[i]);
    ASSERT_TRUE(tree.ok);
    const Entity expected = parse_entity(tree.value, "node_course.json: data[" + std::to_string(i) + "]");
    const Entity* read_entity = read.documents->find(expected.type, expected.uuid);
    ASSERT_NE(read_entity, nullptr);
    EXPECT_EQ(read_entity->id, expected.id);
    EXPECT_EQ(read_entity->unusable, expected.unusable);
    EXPECT_EQ(kinds_and_values(read_entity->attributes.to_json()), kinds_and_values(expected.attributes.to_json()));
    EXPECT_EQ(kinds_and_values(read_entity->relationships.to_json()), kinds_and_values(expected.relationships.to_json()));
  }
  EXPECT_NE(read.documents->find("node--course", "c6")->unusable, "") << "the field past the limit";
}

// An id the entity reader refuses, found on the way straight from text, is left to the tree's
// reading: the resource is read as a tree, whose error has the whole input read as before.
TEST(EngineInput, AnIdRefusedStraightFromTextIsLeftToTheTree) {
  const std::string two_ids = R"({"type": "node--course", "id": "c1", "attributes": {"drupal_internal__nid": 1, "drupal_internal__id": 2}})";
  const std::string text = site_input("[" + courses_document("[" + two_ids + "]") + "]");
  EXPECT_FALSE(read_engine_input(text).documents.has_value());
  EXPECT_EQ(plan_from_text(text), plan_from_tree(text));
  EXPECT_THROW(parse_entity(parse_json(two_ids).value, "x"), EntityFormatError);
}

}  // namespace
}  // namespace moodle_sync
