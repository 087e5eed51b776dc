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
      "{\"n\":6,\"deep\":" + std::string(300, '[') + std::string(300, ']') + "}\n"
      "{\"n\":7}\n"
      "{\"n\":8,\"cut";
  EXPECT_EQ(journal_records(text), json::parse(R"([{"n":1},{"n":2},[5],{"n":7}])"));
  EXPECT_EQ(journal_records(""), json::array());
  EXPECT_EQ(journal_records("{\"n\":1}"), json::parse(R"([{"n":1}])")) << "a last line without its end is read when it is whole";
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
