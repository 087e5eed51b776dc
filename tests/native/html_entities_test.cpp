// Character references decoded before formatted text is compared (what Moodle answers for them is
// recorded in tests/simulator/recordings/formatted-text.jsonl).
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "moodle_sync/html_entities.hpp"
#include "moodle_sync/transforms.hpp"

using namespace moodle_sync;

namespace {

std::string decode(const std::string& s) { return decode_html_entities(s); }
std::string decode_attribute(const std::string& s) { return decode_html_entities(s, HtmlContext::attribute); }

}  // namespace

TEST(HtmlEntities, TheTableHoldsEveryHtml5NameSortedForBinarySearch) {
  EXPECT_EQ(kHtmlEntityCount, 2231u);
  std::size_t legacy = 0;
  for (std::size_t i = 0; i < kHtmlEntityCount; ++i) {
    if (i > 0) EXPECT_LT(std::strcmp(kHtmlEntities[i - 1].name, kHtmlEntities[i].name), 0) << kHtmlEntities[i].name;
    EXPECT_STREQ(find_html_entity(kHtmlEntities[i].name), kHtmlEntities[i].value) << kHtmlEntities[i].name;
    std::size_t n = std::strlen(kHtmlEntities[i].name);
    if (kHtmlEntities[i].name[n - 1] != ';') ++legacy;
  }
  EXPECT_EQ(legacy, 106u) << "the legacy names that may omit their ';'";
  EXPECT_EQ(find_html_entity("bigstar"), nullptr) << "not a legacy name: only with its ';'";
}

TEST(HtmlEntities, NamedReferencesOfEveryKind) {
  EXPECT_EQ(decode("a &middot; b &nbsp; c &eacute; d &hellip; e &euro; f &apos;"), "a \u00b7 b \u00a0 c \u00e9 d \u2026 e \u20ac f '");
  EXPECT_EQ(decode("&amp; &lt; &gt; &quot;"), "& < > \"");
  EXPECT_EQ(decode("&bigstar; &Tab;"), "\u2605 \t") << "HTML5-only names";
  EXPECT_EQ(decode("&NotEqualTilde; &nGt;"), "\u2242\u0338 \u226b\u20d2") << "names that stand for two code points";
  EXPECT_EQ(decode("&CounterClockwiseContourIntegral;"), "\u2233") << "the longest name";
  EXPECT_EQ(decode("&lang;&rang;"), "\u27e8\u27e9") << "HTML5's values";
}

TEST(HtmlEntities, LegacyNamesWithoutSemicolonInTextNotBeforeLettersInAttributes) {
  EXPECT_EQ(decode("&copy 2024 &copy2024 &eacute x &AMP"), "\u00a9 2024 \u00a92024 \u00e9 x &");
  EXPECT_EQ(decode("&notit; &notin;"), "\u00acit; \u2209") << "the longest name that matches";
  EXPECT_EQ(decode_attribute("?a=1&copy=3&b&copy;&amp"), "?a=1&copy=3&b\u00a9&") << "a URL's parameters stay";
  EXPECT_EQ(decode_attribute("&copy 2024"), "\u00a9 2024");
}

TEST(HtmlEntities, UnknownReferencesAndBareAmpersandsStay) {
  EXPECT_EQ(decode("&foo; &; & x R&D AT&T &"), "&foo; &; & x R&D AT&T &");
  EXPECT_EQ(decode("&bigstar"), "&bigstar") << "an HTML5-only name needs its ';'";
}

TEST(HtmlEntities, NumericReferencesAsMoodlesParserReadsThem) {
  EXPECT_EQ(decode("&#8211; &#x2013; &#X2013; &#x27; &#039; &#60;&#62;&#38;"), "\u2013 \u2013 \u2013 ' ' <>&");
  EXPECT_EQ(decode("&#8211 F&#x27 G"), "\u2013 F' G") << "';' is optional";
  EXPECT_EQ(decode("&#x1F600; &#128512;"), "\U0001F600 \U0001F600");
  EXPECT_EQ(decode("A&#150;B&#127;C"), "A\u0096B\x7f" "C") << "C1 values and DEL are kept as they are";
  EXPECT_EQ(decode("A&#0;B&#xD800;C&#1114112;D&#xFFFE;E&#1;F&#99999999999999999999;G"), "ABCDEFG") << "XML forbids these";
  EXPECT_EQ(decode("A&#B H&#x;I&#;J&#xZ;K&#12a;L"), "AB HIJZ;Ka;L") << "'&#' without digits disappears";
  EXPECT_EQ(decode("a&#10;b&#13;c&#9;d"), "a\nb\rc\td");
}

TEST(HtmlEntities, FullDecodingUndoesMoodlesEscapesOfReferencesItDoesNotKnow) {
  EXPECT_EQ(decode_html_entities_fully("&amp;bigstar; &amp;copy 2024 &amp;NotEqualTilde;"), "\u2605 \u00a9 2024 \u2242\u0338");
  EXPECT_EQ(decode_html_entities_fully("&amp;amp;amp;lt;"), "<");
  std::string deep = "x";
  for (int i = 0; i < 20; ++i) deep = "&amp;" + deep.substr(1) + "x";
  EXPECT_NO_THROW(decode_html_entities_fully(deep)) << "bounded, whatever the nesting";
  EXPECT_EQ(decode_html_entities_fully("plain text"), "plain text");
}

TEST(HtmlEntities, PlainTextDecodesEveryReferenceOnceAfterTheTagsAreGone) {
  EXPECT_EQ(html_to_plain("<p>a &middot; b &lt;i&gt; &bigstar; &amp;middot;</p>"), "a \u00b7 b <i> \u2605 &middot;");
}
