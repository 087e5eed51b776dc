#include "moodle_sync/site_guard.hpp"

#include <cctype>

namespace moodle_sync {

std::string normalize_site_url(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  auto scheme = s.find("://");
  auto path = s.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  for (std::size_t i = 0; i < s.size() && i < path; ++i) {
    s[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
  }
  return s;
}

GuardDecision check_site_guard(const Config& config, const std::string& source_site_url) {
  if (source_site_url.empty()) {
    return {false, "the source does not say which Drupal site it comes from: nothing will be written to Moodle"};
  }
  std::string source = normalize_site_url(source_site_url);
  std::string allowed;
  for (const auto& url : config.settings["site"]["urls"]) {
    if (normalize_site_url(url.get<std::string>()) == source) return {true, "the source is " + source + ", a configured site"};
    allowed += (allowed.empty() ? "" : ", ") + url.get<std::string>();
  }
  return {false, "the source is " + source + ", which is not a configured site (" + allowed +
                     "): nothing will be written to Moodle. If this copy should write, add its URL to site.urls"};
}

}  // namespace moodle_sync
