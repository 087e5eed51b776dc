// `check` of a live Drupal source as the core judges it: what to read next, an anonymous answer
// to wrong credentials, the permissions each configured type needs, and the test write's answer.
#include <gtest/gtest.h>

#include "drupal/drupal_access_check.hpp"
#include "moodle_sync/config.hpp"

using moodle_sync::json;
using moodle_sync::drupal::drupal_access_check;
using moodle_sync::drupal::permissions_to_see;

namespace {

const char* kSite = "https://learn.example.edu";

moodle_sync::Config config() {
  json doc = {
      {"site", {{"urls", {kSite}}}},
      {"source", {{"type", "jsonapi"}, {"url", kSite}}},
      {"moodle", {{"url", "https://moodle.example.edu"}}},
      {"components",
       {{"courses", {{"bundle", "course"}, {"category", {{"fixed", 1}}}, {"mapping", {{"fullname", "title"}, {"shortname", "title"}}}}},
        {"enrolments", {{"registration", {{"type", "registration--course_registration"}, {"user_field", "user_uid"}, {"course_field", "entity_id"}}}}}}},
  };
  auto r = moodle_sync::load_config(doc);
  EXPECT_TRUE(r.ok()) << moodle_sync::format_issues(r.issues, "config");
  return r.config;
}

json answer(int status, const json& body, const std::string& url = "") {
  return {{"url", url}, {"status", status}, {"body", body.is_string() ? body.get<std::string>() : body.dump()}};
}

json entry_with_me() {
  return answer(200, {{"data", json::array()}, {"meta", {{"links", {{"me", {{"href", std::string(kSite) + "/jsonapi/user/user/u-1"}}}}}}}});
}

json me_with_roles() {
  return answer(200, {{"data", {{"type", "user--user"}, {"id", "u-1"}, {"attributes", {{"name", "moodle_sync"}}},
                                {"relationships", {{"roles", {{"data", {{{"type", "user_role--user_role"}, {"id", "r-1"}}}}}}}}}}});
}

json role(const json& permissions, bool admin = false) {
  return answer(200, {{"data", {{"type", "user_role--user_role"}, {"id", "r-1"}, {"attributes", {{"is_admin", admin}, {"permissions", permissions}}}}}});
}

}  // namespace

TEST(DrupalAccessCheck, FirstReadsTheEntryPoint) {
  json out = drupal_access_check(config(), json::object());
  ASSERT_EQ(out["requests"].size(), 1u);
  EXPECT_EQ(out["requests"][0]["key"], "entry");
  EXPECT_EQ(out["requests"][0]["url"], std::string(kSite) + "/jsonapi");
}

TEST(DrupalAccessCheck, AnAnswerWithoutTheMeLinkIsAnonymous) {
  json out = drupal_access_check(config(), {{"account", "moodle_sync"}, {"entry", answer(200, {{"data", json::array()}})}});
  EXPECT_TRUE(out["requests"].empty());
  ASSERT_EQ(out["problems"].size(), 1u);
  std::string problem = out["problems"][0];
  EXPECT_NE(problem.find("anonymous"), std::string::npos) << problem;
  EXPECT_NE(problem.find("\"moodle_sync\""), std::string::npos) << problem;
}

TEST(DrupalAccessCheck, AnUnreachableSiteIsOneProblem) {
  json out = drupal_access_check(config(), {{"entry", {{"status", 0}, {"body", ""}, {"transport_error", "ECONNREFUSED"}}}});
  ASSERT_EQ(out["problems"].size(), 1u);
  EXPECT_NE(out["problems"][0].get<std::string>().find("not reachable: no answer (ECONNREFUSED)"), std::string::npos);
}

TEST(DrupalAccessCheck, ThenTheAccountAndATestWriteOfANilUuid) {
  json out = drupal_access_check(config(), {{"entry", entry_with_me()}});
  ASSERT_EQ(out["requests"].size(), 2u);
  EXPECT_EQ(out["requests"][0]["key"], "me");
  EXPECT_EQ(out["requests"][0]["url"], std::string(kSite) + "/jsonapi/user/user/u-1");
  EXPECT_EQ(out["requests"][1]["key"], "write");
  EXPECT_EQ(out["requests"][1]["method"], "PATCH");
  EXPECT_EQ(out["requests"][1]["content_type"], "application/vnd.api+json");
  EXPECT_NE(out["requests"][1]["url"].get<std::string>().find("/00000000-0000-0000-0000-000000000000"), std::string::npos);
}

TEST(DrupalAccessCheck, ThenTheRolesOfTheAccount) {
  json out = drupal_access_check(config(), {{"entry", entry_with_me()}, {"me", me_with_roles()}, {"write", answer(404, "{}")}});
  ASSERT_EQ(out["requests"].size(), 1u);
  EXPECT_EQ(out["requests"][0]["url"], std::string(kSite) + "/jsonapi/user_role/user_role/r-1");
}

TEST(DrupalAccessCheck, RegistrationsNeedTheirAdminPermission) {
  json answers = {{"entry", entry_with_me()}, {"me", me_with_roles()}, {"write", answer(404, "{}")},
                  {"roles", {role({"bypass node access", "administer users"})}}};
  json out = drupal_access_check(config(), answers);
  EXPECT_TRUE(out["requests"].empty());
  ASSERT_EQ(out["problems"].size(), 1u) << out.dump();
  std::string problem = out["problems"][0];
  EXPECT_NE(problem.find("registration--course_registration: Drupal answers with no registration at all"), std::string::npos) << problem;
  EXPECT_NE(problem.find("\"administer registration\" or \"administer course_registration registration\""), std::string::npos) << problem;

  answers["roles"] = {role({"bypass node access", "administer users", "administer registration"})};
  out = drupal_access_check(config(), answers);
  EXPECT_TRUE(out["problems"].empty()) << out.dump();
  answers["roles"] = {role(json::array(), true)};
  EXPECT_TRUE(drupal_access_check(config(), answers)["problems"].empty()) << "an administrator role may see everything";
}

TEST(DrupalAccessCheck, TheTestWriteTellsReadOnlyFromWritable) {
  json answers = {{"entry", entry_with_me()}, {"me", me_with_roles()}, {"roles", {role(json::array(), true)}}};
  answers["write"] = answer(405, "{}");
  json out = drupal_access_check(config(), answers);
  ASSERT_EQ(out["problems"].size(), 1u);
  EXPECT_NE(out["problems"][0].get<std::string>().find(std::string(kSite) + "/admin/config/services/jsonapi"), std::string::npos);
  answers["write"] = answer(404, "{}");
  out = drupal_access_check(config(), answers);
  EXPECT_TRUE(out["problems"].empty());
  EXPECT_NE(out["lines"].dump().find("JSON:API accepts writes"), std::string::npos);
}

TEST(DrupalAccessCheck, AnUnreadableRoleIsANoteNotAVerdict) {
  json answers = {{"entry", entry_with_me()}, {"me", me_with_roles()}, {"write", answer(404, "{}")}, {"roles", {answer(403, "{}", "r")}}};
  json out = drupal_access_check(config(), answers);
  EXPECT_TRUE(out["problems"].empty());
  EXPECT_EQ(out["notes"].size(), 1u);
}

TEST(DrupalAccessCheck, BadAnswersDoNotThrow) {
  json answers = {{"entry", entry_with_me()}, {"me", answer(200, {{"data", {{"relationships", {{"roles", 5}}}}}})}};
  EXPECT_NO_THROW(drupal_access_check(config(), answers));
  answers["me"] = answer(200, "not json");
  EXPECT_EQ(drupal_access_check(config(), answers)["problems"].size(), 1u);
}

TEST(DrupalAccessCheck, PermissionsPerEntityType) {
  EXPECT_EQ(permissions_to_see("node--course"), (std::vector<std::string>{"bypass node access", "view any unpublished content"}));
  EXPECT_EQ(permissions_to_see("user--user"), (std::vector<std::string>{"administer users"}));
  EXPECT_EQ(permissions_to_see("taxonomy_term--groups"), (std::vector<std::string>{"administer taxonomy"}));
  EXPECT_TRUE(permissions_to_see("menu--main").empty());
}
