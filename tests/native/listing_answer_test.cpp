// A listing's answer read item by item: exactly the items the whole text holds, or false (and the
// whole text is then read as before) whenever it is anything but an array of well-formed items.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "engine/listing_answer.hpp"
#include "moodle_sync/json_text.hpp"

using moodle_sync::for_each_listed;
using moodle_sync::json;
using moodle_sync::parse_json;

namespace {

// The items for_each_listed hands over, or a discarded value when it gives up.
json listed(const std::string& text) {
  json items = json::array();
  bool ok = for_each_listed(text, [&](json item) {
    items.push_back(std::move(item));
    return true;
  });
  return ok ? items : json(json::value_t::discarded);
}

// Whatever it reads is what the whole text parses to; it reads every well-formed array.
void expect_as_whole(const std::string& text) {
  auto whole = parse_json(text);
  json items = listed(text);
  if (!items.is_discarded()) {
    ASSERT_TRUE(whole.ok) << text;
    ASSERT_EQ(items.dump(), whole.value.dump()) << text;
  } else {
    EXPECT_FALSE(whole.ok && whole.value.is_array()) << "an array it should have read: " << text;
  }
}

}  // namespace

TEST(ListingAnswer, ReadsEachItemOfAnArray) {
  for (const std::string text : {
           "[]", " [ ] \n", "[1]", "[1, 2.5, -3, true, false, null]",
           R"([{"id": 1, "fullname": "a]b}c,d", "summary": "<p>\"x\"</p> \\"}, {"id": 2, "customfields": [{"shortname": "x", "valueraw": "[{,"}]}])",
           "[\"\\u00e9\\ud83d\\ude00\", \"\\\\\", \"\\\"]\"]", "\t[\r\n{}\n,\n[]\n]\t",
           // Items the quick reader leaves to nlohmann: a repeated key, integers too long for it.
           R"([{"id": 1, "id": 2}, 12345678901234567890, -9223372036854775808])",
       }) {
    expect_as_whole(text);
    EXPECT_FALSE(listed(text).is_discarded()) << text;
  }
}

TEST(ListingAnswer, GivesUpOnAnythingElse) {
  for (const std::string text : std::vector<std::string>{
           "", " ", "{}", R"({"exception": "x", "message": "y"})", "null", "1", "\"[1]\"", "[", "[1", "[1,", "[1,]", "[,1]", "[1 2]",
           "[1]]", "[1] x", "[]]", "[\"a]", "[\"\\\"]", "[{]}", "[}]", "[\"a\x01\"]", "<?xml version=\"1.0\"?>",
           R"([{"id":1}}{"id":2}])", "[1}2]",
       }) {
    EXPECT_TRUE(listed(text).is_discarded()) << text;
    expect_as_whole(text);
  }
  // A byte-order mark, which the whole read skips, is left to it.
  EXPECT_TRUE(listed("\xEF\xBB\xBF[1]").is_discarded());
  // An item that refuses stops the reading there.
  int seen = 0;
  EXPECT_FALSE(for_each_listed("[1, 2, 3]", [&](json) { return ++seen < 2; }));
  EXPECT_EQ(seen, 2);
}

TEST(ListingAnswer, KeepsTheWholeTextsDepthLimit) {
  auto nested = [](std::size_t levels) { return std::string(levels, '[') + std::string(levels, ']'); };
  EXPECT_FALSE(listed("[" + nested(moodle_sync::kMaxJsonDepth - 1) + "]").is_discarded());
  EXPECT_TRUE(listed("[" + nested(moodle_sync::kMaxJsonDepth) + "]").is_discarded());
  EXPECT_TRUE(parse_json("[" + nested(moodle_sync::kMaxJsonDepth) + "]").too_deep);
  // Inside an object's member, one level less is left for each item.
  auto in_member = [&](std::size_t levels) { return for_each_listed("[" + nested(levels) + "]", [](json) { return true; }, 1); };
  EXPECT_TRUE(in_member(moodle_sync::kMaxJsonDepth - 2));
  EXPECT_FALSE(in_member(moodle_sync::kMaxJsonDepth - 1));
  EXPECT_TRUE(parse_json(R"({"users": [)" + nested(moodle_sync::kMaxJsonDepth - 1) + "]}").too_deep);
}

TEST(ListingAnswer, AgreesWithTheWholeTextOnDamagedListings) {
  std::mt19937 rng(2026);
  const std::vector<std::string> inserts = {"\"", "\\", ",", "]", "[", "}", "{", " ", "x", "\x01", "1", ":"};
  for (int i = 0; i < 3000; ++i) {
    json list = json::array();
    for (int n = static_cast<int>(rng() % 6); n > 0; --n) {
      list.push_back({{"id", n}, {"name", std::string(rng() % 3, '"') + "a]b"}, {"list", json::array({n, "}", json::object()})}});
    }
    std::string text = list.dump(i % 2 ? -1 : 1);
    if (i % 3 != 0 && !text.empty()) {
      std::size_t at = rng() % text.size();
      if (rng() % 2) text.insert(at, inserts[rng() % inserts.size()]);
      else text.erase(at, 1);
    }
    expect_as_whole(text);
  }
}

namespace {

// Where listed_member_span finds the member and its text is a clean array (what the engine then
// reads item by item), the items are the whole text's member; anything else is left to the whole
// decode, so giving up is always safe, and misreading never is.
void expect_member_as_whole(const std::string& text) {
  auto span = moodle_sync::listed_member_span(text, "users");
  if (!span) return;
  json items = listed(text.substr(span->first, span->second - span->first));
  if (items.is_discarded()) return;
  auto whole = parse_json(text);
  ASSERT_TRUE(whole.ok && whole.value.is_object() && whole.value.contains("users")) << text;
  EXPECT_EQ(items.dump(), whole.value["users"].dump()) << text;
}

}  // namespace

TEST(ListingAnswer, FindsTheListedMemberOfAnObjectAnswer) {
  for (const std::string text : {
           R"({"users": [], "warnings": []})", R"( { "warnings" : [ {"item": "}"} ] , "users" : [ {"id": 7, "idnumber": "u\"s,]"} ] } )",
           R"({"users": [{"id": 1}]})",
       }) {
    ASSERT_TRUE(moodle_sync::listed_member_span(text, "users").has_value()) << text;
    expect_member_as_whole(text);
  }
  for (const std::string text : {
           "", "[]", "{}", R"({"warnings": []})", R"({"users": [], "users": [1]})", R"({"us\u0065rs": [], "users": [1]})",
           R"({"users": [] , "warnings": [})", R"({"users": []} x)", R"({"users": [], "warnings": [1,]})", R"({"users" [1]})",
           R"({"exception": "x", "message": "y"})", R"({"users": [], "exception": "x", "message": "y"})",
       }) {
    EXPECT_FALSE(moodle_sync::listed_member_span(text, "users").has_value()) << text;
  }
}

TEST(ListingAnswer, AgreesWithTheWholeTextOnDamagedObjectAnswers) {
  std::mt19937 rng(2027);
  const std::vector<std::string> inserts = {"\"", "\\", ",", "]", "[", "}", "{", " ", "x", "\x01", "1", ":"};
  for (int i = 0; i < 3000; ++i) {
    json users = json::array();
    for (int n = static_cast<int>(rng() % 4); n > 0; --n) users.push_back({{"id", n}, {"idnumber", std::string(rng() % 3, '"') + "a]b}"}});
    json answer = i % 4 ? json{{"users", users}, {"warnings", json::array({{{"item", "}{"}}})}} : json{{"warnings", json::array()}, {"users", users}};
    std::string text = answer.dump(i % 2 ? -1 : 1);
    if (i % 3 != 0) {
      std::size_t at = rng() % text.size();
      if (rng() % 2) text.insert(at, inserts[rng() % inserts.size()]);
      else text.erase(at, 1);
    }
    expect_member_as_whole(text);
  }
}
