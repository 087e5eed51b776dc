// The journal's text in the core (moodle_sync/state_store.hpp): read as the hosts read it (a blank
// line is nothing, a line that is not JSON is skipped), written as JSON.stringify writes a record.
#include <gtest/gtest.h>

#include "moodle_sync/state_store.hpp"

namespace moodle_sync {
namespace {

TEST(JournalText, ReadsEachLineAndSkipsWhatIsNoJson) {
  const std::string text =
      "{\"n\":1}\n"
      "\n"
      "  \r\n"
      "{\"n\":2}\r\n"
      "{\"n\": 3, \"damaged\n"
      "not json\n"
      "\xEF\xBB\xBF{\"n\":4}\n"  // JSON.parse refuses the byte order mark the file may start with
      "[5]\n"
      "{\"n\":7}\n"
      "{\"n\":8,\"cut";
  EXPECT_EQ(journal_records(text), json::parse(R"([{"n":1},{"n":2},[5],{"n":7}])"));
  EXPECT_EQ(journal_records(""), json::array());
  EXPECT_EQ(journal_records("{\"n\":1}"), json::parse(R"([{"n":1}])")) << "a last line without its end is read when it is whole";
}

TEST(JournalText, RefusesALineThatIsJsonTheCoreCannotHold) {
  // JSON.parse reads each of these: skipped, the line would be erased at the next rewrite.
  const std::string lines[] = {
      "{\"kind\":\"id\",\"moodle_id\":42,\"deep\":" + std::string(300, '[') + std::string(300, ']') + "}",
      "{\"kind\":\"id\",\"moodle_id\":42,\"label\":\"\\ud800\"}",
      "{\"kind\":\"id\",\"moodle_id\":42,\"label\":\"\\udc00\"}",
      "{\"kind\":\"id\",\"moodle_id\":42,\"x\":1e400}",
  };
  for (const std::string& line : lines) {
    std::string refused;
    EXPECT_EQ(journal_records("{\"n\":1}\n" + line + "\n{\"n\":3}\n", refused), json::array()) << line;
    EXPECT_NE(refused.find("the state store's line 2 cannot be read"), std::string::npos) << refused;
  }
  std::string refused;
  EXPECT_EQ(journal_records("{\"n\":1}\n{\"n\": 2, \"damaged\n", refused).size(), 1u);
  EXPECT_EQ(refused, "") << "a damaged line is skipped, as before";
}

TEST(JournalText, ReadsNumbersAsJavaScriptDoes) {
  std::string refused;
  const json records = journal_records(R"({"userid":7.0,"rows":1e4,"neg":-3.0,"half":0.5,"big":9007199254740993})" "\n", refused);
  ASSERT_EQ(records.size(), 1u);
  const json& r = records[0];
  EXPECT_TRUE(r["userid"].is_number_integer());
  EXPECT_EQ(r["userid"], 7);
  EXPECT_TRUE(r["rows"].is_number_integer());
  EXPECT_EQ(r["rows"], 10000);
  EXPECT_EQ(r["neg"], -3);
  EXPECT_TRUE(r["neg"].is_number_integer());
  EXPECT_TRUE(r["half"].is_number_float());
  EXPECT_EQ(r["big"].get<std::uint64_t>(), 9007199254740993u) << "an integer is kept exactly";
}

TEST(JournalText, WritesEachRecordAsJsonStringifyDoes) {
  std::string text;
  append_journal_line(text, json::parse(R"({"kind":"enrolment","userid":12,"ok":true,"none":null,"list":[1,"a"]})"));
  append_journal_line(text, json::parse("{\"note\":\"Zo\xC3\xAB \\u0001\\u001f\\b\\t\\n\\f\\r \\\"q\\\" \\\\ / \\u007f \\u2028 \xF0\x9F\x98\x80\"}"));
  append_journal_line(text, json{{"bad", std::string("a\xFFz")}});
  EXPECT_EQ(text,
            "{\"kind\":\"enrolment\",\"userid\":12,\"ok\":true,\"none\":null,\"list\":[1,\"a\"]}\n"
            "{\"note\":\"Zo\xC3\xAB \\u0001\\u001f\\b\\t\\n\\f\\r \\\"q\\\" \\\\ / \x7F \xE2\x80\xA8 \xF0\x9F\x98\x80\"}\n"
            "{\"bad\":\"a\xEF\xBF\xBDz\"}\n");
  EXPECT_EQ(journal_records(text).size(), 3u);
}

}  // namespace
}  // namespace moodle_sync
