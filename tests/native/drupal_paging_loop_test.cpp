// A links.next that leads back to a page already read is a loop, however the URL spells it.
#include <gtest/gtest.h>

#include "drupal/page_check.hpp"

using moodle_sync::drupal::check_page;
using moodle_sync::drupal::page_key;

TEST(DrupalPagingLoop, OnePageKeyForEverySpellingOfTheFirstPage) {
  const std::string first = "http://d/jsonapi/node/course?fields%5Bnode--course%5D=title&sort=drupal_internal__nid";
  EXPECT_EQ(page_key(first + "&page%5Boffset%5D=0&page%5Blimit%5D=3"), page_key(first));
  EXPECT_EQ(page_key("http://d/x?b=1&a=2"), page_key("http://d/x?a=2&b=1"));
  EXPECT_NE(page_key(first + "&page%5Boffset%5D=3&page%5Blimit%5D=3"), page_key(first));
  EXPECT_EQ(page_key("http://d/jsonapi"), "http://d/jsonapi");
}

TEST(DrupalPagingLoop, ANextBackToTheFirstPageIsRefused) {
  const std::string first = "http://d/jsonapi/node/course?sort=drupal_internal__nid";
  const std::string body = R"({"data":[{"type":"node--course","id":"u1","attributes":{}}],"links":{"next":{"href":")" + first +
                           R"(&page%5Boffset%5D=0&page%5Blimit%5D=3"}}})";
  auto page = check_page(body, "node--course", "", first, {});
  EXPECT_NE(page.problem.find("a paging loop"), std::string::npos) << page.problem;
}
