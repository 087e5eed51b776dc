#include "drupal/url_text.hpp"

namespace moodle_sync::drupal {

std::string url_for_message(const std::string& url) {
  auto scheme = url.find("://");
  std::size_t host = scheme == std::string::npos ? 0 : scheme + 3;
  std::size_t end = url.find_first_of("/?#", host);
  std::size_t at = url.rfind('@', end == std::string::npos ? url.size() : end);
  if (at == std::string::npos || at < host) return url;
  return url.substr(0, host) + url.substr(at + 1);
}

}  // namespace moodle_sync::drupal
