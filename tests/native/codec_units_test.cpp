// The REST codec's pieces used directly: encoding size limits, batch planning and the site guard.
#include <gtest/gtest.h>

#include "moodle_sync/config.hpp"
#include "moodle_sync/moodle_answer.hpp"
#include "moodle_sync/rest_request.hpp"
#include "moodle_sync/site_guard.hpp"
#include "moodle_sync/transforms.hpp"

using namespace moodle_sync;

TEST(RestRequest, VariablesMatchTheBody) {
  json params = {{"courses", json::array({{{"fullname", "A"}, {"customfields", json::array({{{"shortname", "x"}, {"value", "1"}}})}}})}};
  EncodedCall call = encode_call("core_course_create_courses", params);
  std::size_t ampersands = std::count(call.body.begin(), call.body.end(), '&');
  EXPECT_EQ(call.variables, ampersands + 2);  // + wsfunction (first, no &) + the token the host adds
  EXPECT_EQ(count_variables(params) + kFixedVariables, call.variables);
}

TEST(RestRequest, BatchesNeverExceedTheBudget) {
  std::vector<std::size_t> sizes;
  for (int i = 0; i < 1000; ++i) sizes.push_back(1 + i % 17);
  for (std::size_t budget : {20u, 100u, 5000u}) {
    std::size_t covered = 0;
    for (const Batch& b : plan_batches(sizes, kFixedVariables, budget, 50)) {
      EXPECT_EQ(b.begin, covered);
      std::size_t used = kFixedVariables;
      for (std::size_t i = b.begin; i < b.end; ++i) used += sizes[i];
      EXPECT_LE(used, budget);
      EXPECT_LE(b.end - b.begin, 50u);
      covered = b.end;
    }
    EXPECT_EQ(covered, sizes.size());
  }
}

TEST(Transforms, Iso8601Edges) {
  EXPECT_EQ(parse_iso8601("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_iso8601("1969-12-31T23:59:59Z"), -1);
  EXPECT_EQ(parse_iso8601("2000-02-29"), 951782400);
  EXPECT_FALSE(parse_iso8601("1900-02-29"));
  EXPECT_FALSE(parse_iso8601("2026-13-01"));
  EXPECT_FALSE(parse_iso8601("2026-01-01T25:00"));
  EXPECT_FALSE(parse_iso8601("2026-01-01T10:00+0"));
  EXPECT_EQ(parse_iso8601("2026-01-01T10:00+0130"), parse_iso8601("2026-01-01T08:30:00Z"));
}

TEST(SiteGuard, ComparesTheSourceWithConfiguredSites) {
  ConfigResult r = load_config(json::parse(R"({"site": {"urls": ["https://Learn.example/"]},
    "source": {"path": "x"}, "moodle": {"url": "https://m.example"}, "components": {}})"));
  ASSERT_TRUE(r.ok());
  auto declared = [](const std::string& url) { return SourceSites{{url, "site.json"}, {}}; };
  EXPECT_TRUE(check_site_guard(r.config, declared("https://learn.example")).writes_allowed);
  EXPECT_TRUE(check_site_guard(r.config, declared("HTTPS://LEARN.EXAMPLE/")).writes_allowed);
  GuardDecision copy = check_site_guard(r.config, declared("https://staging.learn.example"));
  EXPECT_FALSE(copy.writes_allowed);
  EXPECT_NE(copy.reason.find("nothing will be written"), std::string::npos);
  EXPECT_FALSE(check_site_guard(r.config, declared("")).writes_allowed);
}

TEST(Redact, LeavesNoTraceOfTheSecret) {
  std::string secret = "a1b2c3";
  std::string text = redact("x a1b2c3a1b2c3 y wstoken=zzz&q=1", {secret});
  EXPECT_EQ(text.find(secret), std::string::npos);
  EXPECT_EQ(text.find("zzz"), std::string::npos);
}
