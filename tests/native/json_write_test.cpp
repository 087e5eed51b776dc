// The quick JSON writer against nlohmann's dump (to_text): the same text, byte for byte, for every
// kind of value, escapes, UTF-8 kept (or escaped, as ensure_ascii does) and invalid UTF-8 replaced.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>

#include "json/json_write.hpp"

using moodle_sync::json;
using moodle_sync::json_write;
using moodle_sync::to_text;

namespace {

json random_value(std::mt19937& random, int depth) {
  std::uniform_int_distribution<int> kind(0, depth > 3 ? 5 : 7);
  auto text = [&random]() {
    // Bytes of every kind: ASCII, escapes and control characters, UTF-8 sequences and broken ones.
    static const std::string pieces[] = {"a", "Zz 9", "\"", "\\", "/", "\b", "\f", "\n", "\r", "\t", std::string(1, '\0'), "\x01", "\x1f", "\x7f",
                                         "\xC3\xBC", "\xE2\x80\x94", "\xF0\x9F\x98\x80", "\xC3", "\x80", "\xE2\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                                         "\xC0\xAF", "\xFF", "\xE0\x80\x80", "\xF0\x9F\x98"};
    std::uniform_int_distribution<int> count(0, 8), piece(0, sizeof pieces / sizeof pieces[0] - 1);
    std::string s;
    for (int n = count(random); n > 0; --n) s += pieces[piece(random)];
    return s;
  };
  switch (kind(random)) {
    case 0: return nullptr;
    case 1: return std::uniform_int_distribution<int>(0, 1)(random) == 1;
    case 2: return std::uniform_int_distribution<std::int64_t>(std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max())(random);
    case 3: return std::uniform_int_distribution<std::uint64_t>()(random);
    case 4: return std::uniform_real_distribution<double>(-1e6, 1e6)(random);
    case 5: return text();
    case 6: {
      json array = json::array();
      for (int n = std::uniform_int_distribution<int>(0, 4)(random); n > 0; --n) array.push_back(random_value(random, depth + 1));
      return array;
    }
    default: {
      json object = json::object();
      for (int n = std::uniform_int_distribution<int>(0, 4)(random); n > 0; --n) object[text()] = random_value(random, depth + 1);
      return object;
    }
  }
}

}  // namespace

TEST(JsonWrite, WritesEveryKindOfValueAsNlohmannDumpsIt) {
  const json values[] = {
      nullptr, true, false, 0, -1, std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::uint64_t>::max(),
      0.1, -0.0, 1e300, 1.5e-7, 3.0, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
      "", "plain", "tab\there \"quoted\" back\\slash / \b\f\n\r \x01\x1f\x7f", std::string("nul\0byte", 8),
      "Ökologie — 😀", "broken \xC3 and \x80 and \xE2\x80", "surrogate \xED\xA0\x80", "past U+10FFFF \xF4\x90\x80\x80",
      "overlong \xC0\xAF \xE0\x80\x80", "cut at the end \xF0\x9F\x98",
      json::array(), json::object(), json::binary({1, 2, 3}),
      json::parse(R"({"z": 1, "a": [1, 2.5, {"k": null}], "": {}, "nested": {"x": [[], {}]}})"),
  };
  for (const json& v : values) {
    EXPECT_EQ(json_write(v), to_text(v)) << to_text(v);
    EXPECT_EQ(json_write(v, true), v.dump(-1, ' ', true, json::error_handler_t::replace)) << to_text(v);
  }
  json keys = json::object();
  keys["key \"quoted\"\n"] = 1;
  keys["broken key \xC3"] = 2;
  EXPECT_EQ(json_write(keys), to_text(keys));
  EXPECT_EQ(json_write(keys, true), keys.dump(-1, ' ', true, json::error_handler_t::replace));
}

TEST(JsonWrite, RandomValuesAreWrittenAsNlohmannDumpsThem) {
  std::mt19937 random(20261207);
  for (int i = 0; i < 20000; ++i) {
    json v = random_value(random, 0);
    ASSERT_EQ(json_write(v), to_text(v)) << "value " << i;
    ASSERT_EQ(json_write(v, true), v.dump(-1, ' ', true, json::error_handler_t::replace)) << "value " << i;
  }
}

// The text is gathered in a buffer of a few kilobytes: runs shorter and longer than it, values that
// cross its end, and a string left to nlohmann (invalid UTF-8) far into the text, all come out as
// nlohmann dumps them, after whatever the string held before.
TEST(JsonWrite, LongTextsAcrossItsBufferAreWrittenAsNlohmannDumpsThem) {
  std::mt19937 random(7);
  json list = json::array();
  for (std::size_t length : {0, 1, 2047, 2048, 2049, 4095, 4096, 4097, 10000}) {
    std::string plain(length, 'p');
    list.push_back(plain);
    list.push_back(plain + "\n\"" + plain);
    list.push_back("\xC3\xBC" + plain + "\xC3 broken");
    list.push_back(json{{plain, length}, {"after", random_value(random, 1)}});
  }
  for (int i = 0; i < 200; ++i) list.push_back(random_value(random, 0));
  for (bool ascii : {false, true}) {
    const std::string expected = list.dump(-1, ' ', ascii, json::error_handler_t::replace);
    EXPECT_EQ(json_write(list, ascii), expected);
    std::string onto = "held before,";
    moodle_sync::json_write_to(list, ascii, onto);
    EXPECT_EQ(onto, "held before," + expected);
  }
}

// A writer whose scope an exception leaves abandons its text (an append that failed for want of
// memory is not tried again while the exception is on its way out); one made while an exception
// was already on its way out writes as ever.
TEST(JsonWrite, AWriterLeftByAnExceptionAbandonsItsText) {
  std::string out = "before,";
  try {
    moodle_sync::JsonWriter writer(out, false);
    writer.put("abandoned");
    throw std::runtime_error("stop");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(out, "before,");

  struct WritesWhenGone {
    std::string& text;
    ~WritesWhenGone() {
      moodle_sync::JsonWriter writer(text, false);
      writer.value(json{{"kept", true}});
    }
  };
  std::string during;
  try {
    WritesWhenGone gone{during};
    throw std::runtime_error("stop");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(during, R"({"kept":true})");
}
