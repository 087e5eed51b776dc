#include "drupal/since.hpp"

#include "moodle_sync/drupal_source.hpp"
#include "moodle_sync/transforms.hpp"

namespace moodle_sync::drupal {

long long parse_since(const json& value) {
  if (value.is_number_integer() && value.get<long long>() >= 0) return value.get<long long>();
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    if (!text.empty() && text.size() < 12 && text.find_first_not_of("0123456789") == std::string::npos) return std::stoll(text);
    // RFC 3339 needs the time of day and its offset: without them the instant is a guess.
    std::size_t t = text.find_first_of("Tt");
    bool zoned = t != std::string::npos && text.find_first_of("Zz+-", t) != std::string::npos;
    if (zoned) {
      if (auto at = parse_iso8601(text)) return *at;
    }
  }
  throw DrupalInputError("input \"since\": expected an RFC 3339 time such as \"2026-11-20T10:15:00Z\" or unix seconds, got " +
                         to_text(value));
}

}  // namespace moodle_sync::drupal
