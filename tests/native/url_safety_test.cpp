// Configured URLs: a user name or password in one is refused without being echoed, and a plain
// http:// Moodle that is not this machine is accepted with a warning.
#include <gtest/gtest.h>

#include "config/url_safety.hpp"
#include "moodle_sync/config.hpp"

using namespace moodle_sync;

namespace {

json config_with_moodle_url(const std::string& url) {
  return {{"site", {{"urls", {"https://learn.example.edu"}}}}, {"source", {{"path", "export"}}}, {"moodle", {{"url", url}}}, {"components", json::object()}};
}

std::string all_messages(const ConfigResult& r) {
  std::string out;
  for (const auto& i : r.issues) out += i.path + ": " + i.message + "\n";
  return out;
}

}  // namespace

TEST(UrlSafety, UserinfoIsReplacedWhereverTheUrlIsNamed) {
  EXPECT_EQ(without_userinfo("https://user:pass@host.example/moodle"), "https://***@host.example/moodle");
  EXPECT_EQ(without_userinfo("https://pa@ss:wo@rd@host.example"), "https://***@host.example");
  EXPECT_EQ(without_userinfo("user:pass@host.example/x"), "***@host.example/x");
  EXPECT_EQ(without_userinfo("https://host.example/a@b"), "https://host.example/a@b");  // an @ in the path is no userinfo
  EXPECT_TRUE(has_userinfo("http://u@h"));
  EXPECT_FALSE(has_userinfo("https://host.example/?mail=a@b"));
  EXPECT_FALSE(has_userinfo("https://host.example:8443/a@b"));
  // A password holding a '/' ends the authority early, at "user:pa", which is no host and port.
  EXPECT_TRUE(has_userinfo("https://user:pa/ss@host.example/"));
  EXPECT_EQ(without_userinfo("https://user:pa/ss@host.example/"), "https://***@host.example/");
}

TEST(UrlSafety, APasswordInMoodleUrlIsRefusedWithoutBeingEchoed) {
  for (const std::string url : {"https://syncbot:S3cr3t-pw@moodle.example.edu/", "https://syncbot:S3cr3t-pw@moodle example.edu",
                                "ftp://syncbot:S3cr3t-pw@moodle.example.edu", "https://syncbot:S3cr3t/pw@moodle.example.edu/"}) {
    ConfigResult r = load_config(config_with_moodle_url(url));
    ASSERT_FALSE(r.ok()) << url;
    std::string text = all_messages(r);
    EXPECT_EQ(text.find("S3cr3t"), std::string::npos) << text;
    EXPECT_EQ(text.find("syncbot"), std::string::npos) << text;
    EXPECT_NE(text.find("$.moodle.url: a user name or password in the URL is refused (\"" + without_userinfo(url) + "\")"), std::string::npos) << text;
  }
}

TEST(UrlSafety, PlainHttpToAnotherMachineIsWarnedOnlyThere) {
  auto warnings_for = [](const std::string& url) {
    ConfigResult r = load_config(config_with_moodle_url(url));
    EXPECT_TRUE(r.ok()) << url << ": " << all_messages(r);
    return config_warnings(r.config.settings);
  };
  auto remote = warnings_for("http://moodle.school.example:8080/moodle");
  ASSERT_EQ(remote.size(), 1u);
  EXPECT_EQ(remote[0].path, "$.moodle.url");
  EXPECT_EQ(remote[0].message, "plain http:// to moodle.school.example, which is not this machine: the token and every answer cross the network in clear text; use https://");
  EXPECT_EQ(warnings_for("HTTP://10.0.0.5").size(), 1u);
  EXPECT_EQ(warnings_for("http://127.0.0.1.example.com").size(), 1u);  // a name, not the loopback address
  for (const std::string local : {"http://127.0.0.1:8080", "http://127.1.2.3", "http://localhost/moodle", "http://LOCALHOST.", "http://moodle.localhost",
                                  "http://[::1]:9000", "https://moodle.school.example"}) {
    EXPECT_TRUE(warnings_for(local).empty()) << local;
  }
}
