// Reading Drupal through JSON:API, beyond what the decision vectors show: reads by id stay under
// the URL limit whatever the number of ids; the document set keeps one copy of an entity read
// twice (the later one) so that the engine takes it without a duplicate error; the dependency
// edges follow the configuration's field names, not fixed ones.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "moodle_sync/api.hpp"
#include "moodle_sync/document_set.hpp"
#include "moodle_sync/engine.hpp"

using moodle_sync::json;

namespace {

json example_config() {
  std::ifstream in(std::string(MOODLE_SYNC_VECTORS_DIR) + "/../../examples/northfield/moodle-sync.json");
  std::stringstream text;
  text << in.rdbuf();
  json config = json::parse(text.str());
  config["source"] = {{"type", "jsonapi"}, {"url", "https://learn.northfield.example"}};
  return config;
}

// What URLSearchParams writes, written independently of the core's own count.
std::string form_encoded(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '*' || c == '-' || c == '.' || c == '_') out += static_cast<char>(c);
    else if (c == ' ') out += '+';
    else out += std::string("%") + hex[c >> 4] + hex[c & 15];
  }
  return out;
}

std::string url_of(const json& query) {
  std::string url = "https://learn.northfield.example" + query["path"].get<std::string>() + "?";
  bool first = true;
  for (const auto& p : query["params"]) {
    url += (first ? "" : "&") + form_encoded(p[0].get<std::string>()) + "=" + form_encoded(p[1].get<std::string>());
    first = false;
  }
  return url;
}

std::string uuid_number(int i) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08d-0000-4000-8000-%012d", i, i);
  return buf;
}

TEST(DrupalQueries, ReadsByUuidAreChunkedUnderTheUrlLimitAndMissNone) {
  json uuids = json::array();
  for (int i = 0; i < 500; ++i) uuids.push_back(uuid_number(i));
  json answer = moodle_sync::call_api("source_queries", {{"config", example_config()}, {"mode", "uuids"}, {"uuids", {{"user--user", uuids}}}});
  ASSERT_TRUE(answer["ok"].get<bool>()) << answer.dump();
  const json& queries = answer["value"]["queries"];
  ASSERT_GT(queries.size(), 1u);
  std::vector<std::string> asked;
  for (const auto& q : queries) {
    EXPECT_LE(url_of(q).size(), 6000u);
    EXPECT_GT(url_of(q).size(), 5000u * (&q != &queries.back()));  // chunks are filled, not one id each
    for (const auto& p : q["params"]) {
      if (p[0] == "filter[in][condition][value][]") asked.push_back(p[1].get<std::string>());
    }
  }
  EXPECT_EQ(json(asked), uuids);  // every uuid once, in order
}

json page_of(const json& resources) { return {{"data", resources}, {"links", {{"self", {{"href", "x"}}}}}}; }

json course(const std::string& title, const std::string& changed) {
  return {{"type", "node--course"}, {"id", "c-100"},
          {"attributes", {{"drupal_internal__nid", 100}, {"title", title}, {"field_code", "DE-A1"}, {"field_moodle_id", ""}, {"changed", changed}}},
          {"relationships", {{"field_category", {{"data", nullptr}}}, {"field_template", {{"data", nullptr}}}}}};
}

TEST(DrupalDocumentSet, AnEntityReadTwiceIsKeptOnceTheLaterCopy) {
  json error;
  auto set = moodle_sync::make_document_set({{"config", example_config()}}, error);
  ASSERT_TRUE(set) << error.dump();
  json changed = {{"type", "node--course"}, {"kind", "changed"}, {"path", "/jsonapi/node/course"}, {"params", json::array()}};
  json dependents = {{"type", "node--course"}, {"kind", "dependents"}, {"path", "/jsonapi/node/course"}, {"params", json::array({{"a", "b"}})}};
  ASSERT_TRUE(set->add("https://d/1", changed, page_of(json::array({course("Old title", "2026-11-20T10:00:00+00:00")})).dump())["ok"].get<bool>());
  ASSERT_TRUE(set->add("https://d/2", dependents, page_of(json::array({course("New title", "2026-11-20T10:05:00+00:00")})).dump())["ok"].get<bool>());
  json docs = set->engine_documents();
  ASSERT_EQ(docs.size(), 1u);
  ASSERT_EQ(docs[0]["document"]["data"].size(), 1u);
  EXPECT_EQ(docs[0]["document"]["data"][0]["attributes"]["title"], "New title");
  // The engine takes the set's documents: no "two copies differ" error.
  json engine_error;
  json input = moodle_sync::with_documents({{"config", example_config()}, {"dry_run", true}, {"offline", true}}, *set);
  EXPECT_TRUE(input["read"].is_object());
  auto engine = moodle_sync::make_engine(input, engine_error);
  EXPECT_TRUE(engine) << engine_error.dump();
}

TEST(DrupalDocumentSet, ARefusedPageChangesNothing) {
  json error;
  auto set = moodle_sync::make_document_set({{"config", example_config()}}, error);
  json full = {{"type", "node--course"}, {"kind", "full"}, {"path", "/jsonapi/node/course"}, {"params", json::array()}};
  json bad = page_of(json::array({course("A", "2026-11-20T10:00:00+00:00"), {{"type", "user--user"}, {"id", "u"}}}));
  json answer = set->add("https://d/1", full, bad.dump());
  EXPECT_FALSE(answer["ok"].get<bool>());
  EXPECT_TRUE(set->engine_documents().empty());  // the course before the bad resource was not kept
  EXPECT_EQ(set->read_scope()["complete_types"], json::array());
  // The same URL may be read again after a refusal (a retry of a cut page).
  EXPECT_TRUE(set->add("https://d/1", full, page_of(json::array({course("A", "2026-11-20T10:00:00+00:00")})).dump())["ok"].get<bool>());
  EXPECT_EQ(set->read_scope()["complete_types"], json::array({"node--course"}));
}

TEST(DrupalDocumentSet, DependentsFollowTheConfiguredFieldNames) {
  json config = example_config();
  config["components"]["courses"]["category"]["field"] = "field_area";
  json error;
  auto set = moodle_sync::make_document_set({{"config", config}}, error);
  ASSERT_TRUE(set) << error.dump();
  json changed = {{"type", "taxonomy_term--course_categories"}, {"kind", "changed"}, {"path", "/jsonapi/taxonomy_term/course_categories"}, {"params", json::array()}};
  json term = {{"type", "taxonomy_term--course_categories"}, {"id", "t-1"}, {"attributes", {{"drupal_internal__tid", 1}, {"name", "Languages"}}}};
  ASSERT_TRUE(set->add("https://d/t", changed, page_of(json::array({term})).dump())["ok"].get<bool>());
  std::set<std::string> paths;
  const json followups = set->followups();
  for (const auto& q : followups["queries"]) {
    for (const auto& p : q["params"]) {
      if (p[0] == "filter[in][condition][path]") paths.insert(q["type"].get<std::string>() + " " + p[1].get<std::string>());
    }
  }
  EXPECT_EQ(paths, (std::set<std::string>{"node--course field_area.id", "taxonomy_term--course_categories parent.id"}));
  EXPECT_TRUE(set->followups()["queries"].empty());  // asked once
}

}  // namespace
