// JSON from outside nested far deeper than any real document (a configuration, a Moodle answer, a
// Drupal page, an export entity, a host's input) is refused by name, where it is, instead of
// exhausting the stack; a configuration that is not UTF-8 is refused at its byte offset.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "moodle_sync/api.hpp"
#include "moodle_sync/config.hpp"
#include "moodle_sync/document_set.hpp"
#include "moodle_sync/json_text.hpp"
#include "moodle_sync/moodle_answer.hpp"

namespace moodle_sync {
namespace {

constexpr std::size_t kDeep = 100000;  // deep enough to exhaust a native stack through recursion

std::string nested_arrays(std::size_t levels) { return std::string(levels, '[') + std::string(levels, ']'); }

std::string example_file(const std::string& name) {
  std::ifstream in(std::string(MOODLE_SYNC_VECTORS_DIR) + "/../../examples/northfield/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(JsonDepth, TheParserNamesThePathAndByteWhereTheNestingGoesTooDeep) {
  ParsedJson parsed = parse_json(R"({"a": [1, {"b": [[[0]]]}]})", 4);
  EXPECT_FALSE(parsed.ok);
  EXPECT_TRUE(parsed.too_deep);
  EXPECT_EQ(parsed.path, "$.a[1].b[0]");
  EXPECT_EQ(parsed.byte, 17u);  // the fifth opening bracket
  EXPECT_TRUE(parse_json(R"({"a": [1, {"b": [0]}]})", 4).ok);
  // A long path is shortened in the middle.
  EXPECT_EQ(parse_json(nested_arrays(kDeep)).path, "$[0][0][0][0][0][0][0][0]...[0]");
}

TEST(JsonDepth, ASyntaxErrorKeepsItsPositionAndLeavesNoExcerpt) {
  ParsedJson parsed = parse_json(R"({"token": "s3cret", oops})");
  EXPECT_FALSE(parsed.ok);
  EXPECT_FALSE(parsed.too_deep);
  EXPECT_NE(parsed.message.find("parse error at line 1"), std::string::npos) << parsed.message;
  EXPECT_EQ(parsed.message.find("s3cret"), std::string::npos) << parsed.message;
}

TEST(JsonDepth, AConfigurationNestedThousandsOfLevelsIsAnIssueNamingItsPath) {
  const std::string text = R"({"components": {"courses": {"mapping": {"summary": )" + nested_arrays(kDeep) + "}}}}";
  ConfigResult result = load_config(text, "moodle-sync.json");
  ASSERT_EQ(result.issues.size(), 1u);
  EXPECT_EQ(format_issues(result.issues, "moodle-sync.json"),
            "moodle-sync.json: $.components.courses.mapping.summary[0][0][0][0]...[0]: nested deeper than 64 levels (byte 111): "
            "no setting is that deep\n");
}

TEST(JsonDepth, AConfigurationThatIsNotUtf8IsRefusedAtItsByteOffset) {
  std::string text = example_file("moodle-sync.json");
  ASSERT_FALSE(text.empty());
  const std::size_t at = text.find("Northfield") != std::string::npos ? text.find("Northfield") : text.find("\"url\"") + 1;
  text[at] = '\xFF';
  ConfigResult result = load_config(text, "moodle-sync.json");
  ASSERT_EQ(result.issues.size(), 1u);
  EXPECT_EQ(result.issues[0].path, "$");
  EXPECT_EQ(result.issues[0].message, "not valid UTF-8 at byte offset " + std::to_string(at) +
                                          ": the byte 0xFF does not begin a UTF-8 character (save the file as UTF-8)");
  // Well-formed UTF-8 outside ASCII is text like any other; a surrogate or an overlong form is not.
  EXPECT_EQ(first_invalid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"), std::string::npos);
  EXPECT_EQ(first_invalid_utf8("ab\xED\xA0\x80"), 2u);
  EXPECT_EQ(first_invalid_utf8("\xC0\xAF"), 0u);
  EXPECT_EQ(first_invalid_utf8("ok\xE2\x82"), 2u);
}

TEST(JsonDepth, AMoodleAnswerNestedThousandsOfLevelsIsAProtocolError) {
  HttpReply reply;
  reply.status = 200;
  reply.body = R"({"courses": )" + nested_arrays(kDeep) + "}";
  MoodleAnswer answer = decode_answer(reply);
  EXPECT_FALSE(answer.ok);
  EXPECT_EQ(answer.error.error_class, ErrorClass::protocol);
  EXPECT_EQ(answer.error.message.rfind("Moodle's answer is nested deeper than 256 levels at $.courses[0][0]", 0), 0u) << answer.error.message;
  EXPECT_NO_THROW(to_text(to_json(answer)));
}

TEST(JsonDepth, AHostInputNestedThousandsOfLevelsIsAnInputError) {
  json answer = json::parse(call_api_text("load_config", R"({"text": "{}", "x": )" + nested_arrays(kDeep) + "}"));
  EXPECT_FALSE(answer["ok"].get<bool>());
  EXPECT_EQ(answer["error"]["message"].get<std::string>().rfind("load_config: the input is nested deeper than 256 levels at $.x[0]", 0), 0u)
      << answer.dump();
}

TEST(JsonDepth, ADrupalPageNestedThousandsOfLevelsIsRefusedAndChangesNothing) {
  json config = json::parse(example_file("moodle-sync.json"));
  config["source"] = {{"type", "jsonapi"}, {"url", "https://learn.northfield.example"}};
  json error;
  auto set = make_document_set({{"config", config}}, error);
  ASSERT_TRUE(set) << error.dump();
  json query = {{"type", "node--course"}, {"kind", "full"}, {"path", "/jsonapi/node/course"}, {"params", json::array()}};
  const std::string body = R"({"data": [{"type": "node--course", "id": "c1", "attributes": {"junk": )" + nested_arrays(kDeep) + "}}]}";
  json added = set->add("https://learn.northfield.example/jsonapi/node/course", query, body);
  EXPECT_FALSE(added["ok"].get<bool>());
  EXPECT_NE(added["error"]["message"].get<std::string>().find(": the page is nested deeper than 256 levels at $.data[0].attributes.junk[0][0]"), std::string::npos)
      << added.dump();
  EXPECT_EQ(set->engine_documents(), json::array());
}

// A junk field far too deep in one entity of an export: that entity fails, naming its file and
// itself; every other entity is planned as before.
TEST(JsonDepth, AnExportEntityWithAFieldTooDeepFailsAloneNamingItsFileAndItself) {
  json categories = json::parse(example_file("export/course_categories.json"));
  ASSERT_GE(categories["data"].size(), 2u);
  json junk = json::array();
  for (int i = 0; i < 120; ++i) junk = json::array({junk});
  categories["data"][1]["attributes"]["field_junk"] = junk;
  json config = json::parse(example_file("moodle-sync.json"));
  for (const char* other : {"templates", "courses", "users", "cohorts", "enrolments", "completion"}) config["components"].erase(other);
  json plan = call_api("preview", {{"config", config}, {"documents", json::array({{{"name", "export/course_categories.json"}, {"document", categories}}})}});
  ASSERT_TRUE(plan["ok"].get<bool>()) << plan.dump().substr(0, 400);
  const json& entities = plan["value"]["entities"];
  ASSERT_EQ(entities.size(), categories["data"].size());
  std::size_t failed = 0;
  for (const auto& e : entities) {
    if (e["outcome"] != "failed") continue;
    ++failed;
    EXPECT_EQ(e["id"], categories["data"][1]["attributes"]["drupal_internal__tid"]);
    EXPECT_EQ(e["error"]["message"].get<std::string>(),
              "export/course_categories.json: data[1]: taxonomy_term--course_categories " +
                  std::to_string(categories["data"][1]["attributes"]["drupal_internal__tid"].get<int>()) +
                  ": the field \"field_junk\" is nested deeper than 64 levels: the entity is not read");
  }
  EXPECT_EQ(failed, 1u);
  EXPECT_EQ(plan["value"]["summary"]["failed"], 1);
}

}  // namespace
}  // namespace moodle_sync
