#include "config/url_safety.hpp"

#include <cctype>

namespace moodle_sync {
namespace {

// Where the authority (user:pass@host:port) starts and ends: after "scheme://" (or at 0 without a
// scheme), up to the first '/', '?' or '#'.
std::pair<std::size_t, std::size_t> authority_of(const std::string& url) {
  auto scheme = url.find("://");
  std::size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  std::size_t end = url.find_first_of("/?#", start);
  return {start, end == std::string::npos ? url.size() : end};
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The host of an http(s) URL without port, brackets or a trailing dot.
std::string host_of(const std::string& url) {
  auto [start, end] = authority_of(url);
  std::string authority = url.substr(start, end - start);
  if (auto at = authority.rfind('@'); at != std::string::npos) authority.erase(0, at + 1);
  if (!authority.empty() && authority[0] == '[') return lower(authority.substr(1, authority.find(']') - 1));
  std::string host = authority.substr(0, authority.find(':'));
  if (!host.empty() && host.back() == '.') host.pop_back();
  return lower(host);
}

// This machine: the name localhost (and its subdomains, RFC 6761), 127.0.0.0/8 and ::1.
bool loopback(const std::string& host) {
  auto ends_with = [&](const std::string& tail) { return host.size() >= tail.size() && host.compare(host.size() - tail.size(), tail.size(), tail) == 0; };
  if (host == "localhost" || ends_with(".localhost") || host == "::1" || host == "0:0:0:0:0:0:0:1") return true;
  if (host.rfind("127.", 0) != 0) return false;
  int dots = 0;
  for (char c : host) {
    if (c == '.') ++dots;
    else if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return dots == 3;
}

// Where the user name and password end (their '@'), or npos. A password may hold a '/'
// ("https://user:pa/ss@host/"): then what stands before that '/' is "user:pa", no host with a
// numeric port, and the '@' further on still ends a password that must be refused and masked.
std::size_t userinfo_end(const std::string& url) {
  auto [start, end] = authority_of(url);
  std::string authority = url.substr(start, end - start);
  if (auto at = authority.rfind('@'); at != std::string::npos) return start + at;
  auto colon = authority.find(':');
  if (colon == std::string::npos || (!authority.empty() && authority[0] == '[')) return std::string::npos;
  bool port = authority.find_first_not_of("0123456789", colon + 1) == std::string::npos;
  if (port || end >= url.size()) return std::string::npos;
  std::size_t stop = url.find_first_of("?#", end);
  std::size_t at = url.rfind('@', stop == std::string::npos ? std::string::npos : stop - 1);
  return at != std::string::npos && at > end ? at : std::string::npos;
}

}  // namespace

bool has_userinfo(const std::string& url) { return userinfo_end(url) != std::string::npos; }

std::string without_userinfo(const std::string& url) {
  std::size_t at = userinfo_end(url);
  if (at == std::string::npos) return url;
  std::size_t start = authority_of(url).first;
  return url.substr(0, start) + "***" + url.substr(at);
}

std::vector<ConfigIssue> config_warnings(const json& settings) {
  std::vector<ConfigIssue> out;
  const json* moodle = settings.contains("moodle") ? &settings["moodle"] : nullptr;
  std::string url = moodle && moodle->contains("url") && (*moodle)["url"].is_string() ? (*moodle)["url"].get<std::string>() : "";
  if (lower(url.substr(0, 7)) == "http://" && !loopback(host_of(url))) {
    out.push_back({"$.moodle.url", "plain http:// to " + host_of(url) +
                                       ", which is not this machine: the token and every answer cross the network in clear text; use https://"});
  }
  return out;
}

json config_warnings_json(const json& settings) {
  json out = json::array();
  for (const ConfigIssue& w : config_warnings(settings)) out.push_back(to_json(w));
  return out;
}

}  // namespace moodle_sync
