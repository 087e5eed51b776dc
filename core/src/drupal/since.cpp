#include "drupal/since.hpp"

#include <cstdio>

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

std::optional<long long> parse_http_date(const std::string& text) {
  static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char weekday[4] = {}, month[4] = {}, zone[4] = {};
  int day = 0, year = 0, h = 0, m = 0, sec = 0, used = 0;
  if (std::sscanf(text.c_str(), "%3[A-Za-z], %d %3s %d %d:%d:%d %3s%n", weekday, &day, month, &year, &h, &m, &sec, zone, &used) != 8 ||
      static_cast<std::size_t>(used) != text.size() || std::string(zone) != "GMT" || std::string(weekday).size() != 3) {
    return std::nullopt;
  }
  int mo = 0;
  while (mo < 12 && std::string(month) != months[mo]) ++mo;
  if (mo == 12) return std::nullopt;
  char iso[32];
  std::snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02d:%02d:%02dZ", year, mo + 1, day, h, m, sec);
  return parse_iso8601(iso);
}

}  // namespace moodle_sync::drupal
