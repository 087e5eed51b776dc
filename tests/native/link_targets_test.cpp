// The href/src scanner finds exactly what the regular expression it replaces found, on written
// cases and on many generated texts made of the characters that matter to it.
#include <gtest/gtest.h>

#include <random>
#include <regex>

#include "moodle/link_target.hpp"

namespace moodle_sync {
namespace {

std::vector<std::string> by_regex(const std::string& html) {
  static const std::regex target(R"re((?:href|src)\s*=\s*["']([^"']*)["'])re", std::regex::icase);
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), target); it != std::sregex_iterator(); ++it) out.push_back((*it)[1].str());
  return out;
}

TEST(LinkTargets, FindsHrefAndSrcValuesAsWritten) {
  EXPECT_EQ(link_targets(R"(<a HREF = "https://x.example/a">x</a><img src='/b.png'>)"),
            (std::vector<std::string>{"https://x.example/a", "/b.png"}));
  EXPECT_EQ(link_targets(R"(<a href="a'b">)"), (std::vector<std::string>{"a"}));  // either quote ends it
  EXPECT_EQ(link_targets(R"(<a href=x> <a href="unclosed)"), std::vector<std::string>{});
  EXPECT_EQ(link_targets("hrefsrc=\"\""), (std::vector<std::string>{""}));
}

TEST(LinkTargets, AgreesWithTheRegularExpressionOnGeneratedTexts) {
  const std::vector<std::string> pieces = {"href", "HrEf", "src", "SRC", "hre", "sr", "=", " ", "\t", "\n", "\"", "'", "a", "/x", "<a ", ">", "h", "s"};
  std::mt19937 random(20261206);
  for (int n = 0; n < 20000; ++n) {
    std::string html;
    int length = 1 + static_cast<int>(random() % 12);
    for (int k = 0; k < length; ++k) html += pieces[random() % pieces.size()];
    ASSERT_EQ(link_targets(html), by_regex(html)) << html;
  }
}

}  // namespace
}  // namespace moodle_sync
