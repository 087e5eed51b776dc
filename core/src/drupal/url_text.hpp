#pragma once
#include <string>

namespace moodle_sync::drupal {

// A URL as messages may show it: without a user:password@ part, should a host have put one there.
std::string url_for_message(const std::string& url);

}  // namespace moodle_sync::drupal
