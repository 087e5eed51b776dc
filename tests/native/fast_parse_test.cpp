// The quick JSON reader against nlohmann's: whatever it accepts, nlohmann accepts as the same value
// with the same number types; whatever it is unsure of, it leaves to nlohmann, so parse_json's
// answer (value or error) is nlohmann's in every case.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "json/fast_parse.hpp"
#include "moodle_sync/json_text.hpp"

using moodle_sync::fast_parse;
using moodle_sync::json;
using moodle_sync::parse_json;

namespace {

// Equal as values and as number kinds (5 read as unsigned is not 5 read as signed).
bool same(const json& a, const json& b) {
  if (a.type() != b.type()) return false;
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    auto ib = b.begin();
    for (auto ia = a.begin(); ia != a.end(); ++ia, ++ib) {
      if (ia.key() != ib.key() || !same(ia.value(), ib.value())) return false;
    }
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!same(a[i], b[i])) return false;
    }
    return true;
  }
  return a.dump() == b.dump();
}

json reference(const std::string& text) { return json::parse(text, nullptr, false); }

// The case the reader exists for: what it accepts is nlohmann's value, and parse_json agrees.
void expect_agrees(const std::string& text, int* accepted = nullptr) {
  json fast;
  bool ok = fast_parse(text, 256, fast);
  json ref = reference(text);
  if (ok) {
    if (accepted) ++*accepted;
    ASSERT_FALSE(ref.is_discarded()) << "accepted what nlohmann refuses: " << text;
    ASSERT_TRUE(same(fast, ref)) << text;
  }
  auto parsed = parse_json(text);
  ASSERT_EQ(parsed.ok, !ref.is_discarded()) << text;
  if (parsed.ok) ASSERT_TRUE(same(parsed.value, ref)) << text;
}

std::string random_string(std::mt19937& rng) {
  static const std::vector<std::string> pieces = {"a", "Z", " ", "é", "€", "😀", "\\", "\"", "/", "\n", "\t", "\x01", "<p>", "&amp;", std::string(1, '\0'), "x", "0"};
  std::string s;
  for (int n = static_cast<int>(rng() % 12); n > 0; --n) s += pieces[rng() % pieces.size()];
  return s;
}

json random_value(std::mt19937& rng, int depth) {
  switch (depth > 4 ? rng() % 6 : rng() % 8) {
    case 0: return nullptr;
    case 1: return rng() % 2 == 0;
    case 2: return static_cast<long long>(rng()) - 2147483648LL;
    case 3: return static_cast<unsigned long long>(rng()) * 1000003ULL;
    case 4: return static_cast<double>(rng()) / 7.0 - 1e5;
    case 5: return random_string(rng);
    case 6: {
      json a = json::array();
      for (int n = static_cast<int>(rng() % 5); n > 0; --n) a.push_back(random_value(rng, depth + 1));
      return a;
    }
    default: {
      json o = json::object();
      for (int n = static_cast<int>(rng() % 20); n > 0; --n) o["k" + std::to_string(rng() % 40) + random_string(rng)] = random_value(rng, depth + 1);
      return o;
    }
  }
}

}  // namespace

TEST(FastParse, WellFormedTextIsReadQuicklyAsNlohmannReadsIt) {
  std::mt19937 rng(20261206);
  int accepted = 0;
  const int kTexts = 3000;
  for (int i = 0; i < kTexts; ++i) {
    json v = random_value(rng, 0);
    std::string text = i % 3 == 0 ? v.dump(2) : v.dump(-1, ' ', i % 2 == 0);  // indented, compact, ASCII-escaped
    expect_agrees(text, &accepted);
  }
  EXPECT_EQ(accepted, kTexts);  // nothing of this kind is left to the slow path
}

TEST(FastParse, DamagedTextGetsNlohmannsAnswer) {
  std::mt19937 rng(7);
  static const std::vector<std::string> inserts = {"\"", "\\", "\\u", "\\ud800", "\\udc00", "\\u12", ",", ":", "]", "}", "[", "{", "-",
                                                   "0", "01", "1e400", ".", "e", "\x80", "\xC0\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                                                   "\xEF\xBB\xBF", std::string(1, '\0'), "\x1f", "tru", "nul", " ", "12345678901234567890"};
  for (int i = 0; i < 4000; ++i) {
    std::string text = random_value(rng, 0).dump(-1, ' ', i % 2 == 0);
    int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      std::size_t at = rng() % text.size();
      switch (rng() % 3) {
        case 0: text.insert(at, inserts[rng() % inserts.size()]); break;
        case 1: text.erase(at, 1 + rng() % 3); break;
        default: text.resize(at); break;
      }
    }
    expect_agrees(text);
  }
}

TEST(FastParse, LeavesTheUnusualToNlohmann) {
  for (const std::string text : {
           R"({"a": 1, "a": 2})",                  // a repeated key: the last value, in the first place
           "12345678901234567890",                 // an integer that may not fit
           "-1234567890123456789",                 //
           "1e400",                                // an overflow, which nlohmann refuses
           "\xEF\xBB\xBF{}",                       // a byte-order mark, which nlohmann skips
           "\"\\ud800\"", "\"\\udc00x\"",          // lone surrogates
           "\"\xC0\x80\"", "\"\xED\xA0\x80\"",     // an overlong form, a surrogate in UTF-8
           "\"a\x01\"", "01", "[1,]", "{\"a\"}", "", " ",
       }) {
    json fast;
    EXPECT_FALSE(fast_parse(text, 256, fast)) << text;
    expect_agrees(text);
  }
  // Many keys (past the count where a hash set takes over): repeats are still found, and the value of
  // a repeated key is nlohmann's.
  std::string many = "{";
  for (int i = 0; i < 2000; ++i) many += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ",";
  json fast;
  EXPECT_TRUE(fast_parse(many + "\"last\": 0}", 256, fast));
  EXPECT_FALSE(fast_parse(many + "\"k42\": 0}", 256, fast));
  EXPECT_FALSE(fast_parse(many + "\"k1999\": 0}", 256, fast));
  EXPECT_FALSE(fast_parse("{\"k1\": {\"a\": 1}, \"k2\": {\"a\": 1}, \"k1\": 0}", 256, fast));
  EXPECT_TRUE(fast_parse("{\"k1\": {\"a\": 1, \"b\": {\"a\": 2}}, \"a\": 2, \"b\": 3}", 256, fast));  // an inner object's keys are its own
  expect_agrees(many + "\"k42\": 0}");
  EXPECT_EQ(parse_json(many + "\"k42\": 0}").value["k42"], 0);
}

TEST(FastParse, KeepsNlohmannsNumberKindsAndEscapes) {
  json fast;
  ASSERT_TRUE(fast_parse(R"([0, -0, 5, -5, 123456789012345678, -123456789012345678, 1.5, -2e-3, 1E2])", 256, fast));
  EXPECT_TRUE(same(fast, reference(R"([0, -0, 5, -5, 123456789012345678, -123456789012345678, 1.5, -2e-3, 1E2])")));
  EXPECT_TRUE(fast[2].is_number_unsigned());
  EXPECT_TRUE(fast[3].is_number_integer() && !fast[3].is_number_unsigned());
  EXPECT_TRUE(fast[8].is_number_float());
  ASSERT_TRUE(fast_parse(R"("a\"\\\/\b\f\n\r\t\u00e9\u20ac\ud83d\ude00\u0000z")", 256, fast));
  EXPECT_EQ(fast.get<std::string>(), std::string("a\"\\/\b\f\n\r\t\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", 18) + std::string(1, '\0') + "z");
}

TEST(FastParse, StopsAtTheDepthLimitLikeTheSlowPath) {
  json fast;
  EXPECT_TRUE(fast_parse("[[[[0]]]]", 4, fast));
  EXPECT_FALSE(fast_parse("[[[[[0]]]]]", 4, fast));
  auto parsed = parse_json("[[[[[0]]]]]", 4);
  EXPECT_TRUE(parsed.too_deep);
  EXPECT_EQ(parsed.byte, 4u);
}

// A long string with escapes (a listing's answer inside a host's reply) is counted before it is
// written: it holds its exact size, escapes and surrogate pairs included, and a damaged one still
// gets nlohmann's answer.
TEST(FastParse, ReadsALongStringAtItsExactSize) {
  std::mt19937 rng(15);
  std::string value;
  while (value.size() < 20000) value += random_string(rng);
  for (bool ascii : {false, true}) {
    const std::string text = json(value).dump(-1, ' ', ascii);
    json fast;
    ASSERT_TRUE(fast_parse(text, 256, fast));
    ASSERT_EQ(fast.get_ref<const std::string&>(), value);
    EXPECT_LE(fast.get_ref<const std::string&>().capacity(), value.size() + 16);
    expect_agrees(R"({"status": 200, "body": )" + text + "}");
    for (std::size_t cut : {text.size() / 2, text.size() - 1, text.size() - 3}) expect_agrees(text.substr(0, cut));
  }
}

// Plain runs are scanned eight bytes at a time until a string's first escape, and byte by byte after
// it: whatever ends or breaks a run (a quote, an escape, a control character, a multi-byte character,
// a byte that is not UTF-8) is found at every place in and across those eight bytes, before and
// after an escape, and the answer is nlohmann's.
TEST(FastParse, FindsWhatEndsARunAtEveryPlaceOfAWord) {
  const std::vector<std::string> stops = {"\\\"", "\\\\", "\\n", "\\u00e9", "\\ud83d\\ude00", "\x01", "\x1f", std::string(1, '\0'),
                                          "\x7f", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\x80", "\xC3", "\xFF", " ", "~",
                                          // escapes that are not: refused wherever they stand, but for a backslash alone before b's (\\b)
                                          "\\x", "\\u12G4", "\\ud800\\u0041", "\\udc00", "\\"};  // the last: a backslash alone
  int accepted = 0;
  // After a first escape the rest of a string is read by another loop: each stop is found there too.
  for (const std::string opening : {"", "\\n", "x\\u00e9y\\\"", "\\ud83d\\ude00\\/"}) {
    for (const std::string& stop : stops) {
      for (std::size_t before = 0; before < 18; ++before) {
        for (std::size_t after : {0, 1, 7, 8, 9, 17}) {
          std::string text = "\"" + opening + std::string(before, 'a') + stop + std::string(after, 'b') + "\"";
          const int before_count = accepted;
          expect_agrees(text, &accepted);
          if (accepted > before_count) {  // the size counted before writing was exact: no room left over
            json fast;
            ASSERT_TRUE(fast_parse(text, 256, fast));
            EXPECT_LE(fast.get_ref<const std::string&>().capacity(), fast.get_ref<const std::string&>().size() + 16) << text;
          }
          expect_agrees("[" + text + "," + text + "]");
          expect_agrees(text.substr(0, text.size() - 1));  // unterminated
        }
      }
    }
  }
  // Refused: the six that are not well-formed (control characters, bytes that are not UTF-8) and the
  // five bad escapes, but a lone backslash followed by b's is the escape \b.
  EXPECT_EQ(accepted, 4 * (11 * 18 * 6 + 18 * 5));
}

// One value at the start of a larger text, by a reader used again and again: the bytes it took
// (the spaces before it included), the value fast_parse gives that value's text alone, and nothing
// left over from a value it refused before.
TEST(FastParse, AValueReaderReadsTheFirstValueAndIsUsedAgain) {
  moodle_sync::FastValueReader reader;
  struct Case {
    std::string text;
    std::size_t used;  // 0: refused
  };
  const std::vector<Case> cases = {
      {R"(  {"a": [1, "x\"y"]}, {"b": 2})", 20}, {"12,", 2}, {"-0.5]", 4}, {"12", 2}, {"true}", 4}, {"\"a\\\\\" ", 5},
      {R"({"a": [1, {"b": )", 0},  // cut: refused, its stacks left half-full
      {R"({"a": 1, "a": 2})", 0},  // a repeated key: nlohmann's to read
      {"\"\\ud83d\\ude00\" x", 14}, {"", 0}, {"  ", 0}, {"\xEF\xBB\xBF[1]", 0}, {"[1 2]", 0}, {"01", 0},
      {R"([[1, 2], {"k": {"l": []}}] rest)", 26},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    json value = "untouched";
    std::size_t used = reader.prefix(c.text, moodle_sync::kMaxJsonDepth, value);
    EXPECT_EQ(used, c.used);
    if (used == 0) {
      EXPECT_EQ(value, "untouched");
      continue;
    }
    json alone;
    ASSERT_TRUE(fast_parse(c.text.substr(0, used), moodle_sync::kMaxJsonDepth, alone));
    EXPECT_TRUE(same(value, alone));
  }
  // The depth limit holds for a value inside a larger text.
  json value;
  EXPECT_EQ(reader.prefix("[[1]],", 2, value), 5u);
  EXPECT_EQ(reader.prefix("[[[1]]],", 2, value), 0u);
}
