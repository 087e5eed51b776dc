#include "moodle_sync/transforms.hpp"

#include <cctype>
#include <map>

#include "moodle_sync/html_entities.hpp"

namespace moodle_sync {
namespace {

const std::map<std::string, Transform>& by_name() {
  static const std::map<std::string, Transform> m = {
      {"first", Transform::first}, {"timestamp", Transform::timestamp}, {"bool", Transform::boolean},
      {"html", Transform::html},   {"plain", Transform::plain},         {"lower", Transform::lower},
      {"trim", Transform::trim},   {"text", Transform::text},           {"int", Transform::integer},
      {"moodle_id", Transform::moodle_id}};
  return m;
}

bool read_digits(const std::string& s, std::size_t& at, std::size_t count, int& out) {
  if (at + count > s.size()) return false;
  out = 0;
  for (std::size_t i = 0; i < count; ++i) {
    char c = s[at + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  at += count;
  return true;
}

// Days from 1970-01-01 to a civil date (Howard Hinnant's algorithm): no time zone database needed.
long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

bool valid_day(int y, int m, int d) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

}  // namespace

std::optional<Transform> parse_transform(const std::string& name) {
  auto it = by_name().find(name);
  if (it == by_name().end()) return std::nullopt;
  return it->second;
}

const char* to_string(Transform t) {
  for (const auto& [name, value] : by_name()) {
    if (value == t) return name.c_str();
  }
  return "?";
}

const std::vector<std::string>& transform_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& entry : by_name()) n.push_back(entry.first);
    return n;
  }();
  return names;
}

std::optional<long long> parse_iso8601(const std::string& s) {
  std::size_t at = 0;
  int y, mo, d, h = 0, mi = 0, sec = 0;
  if (!read_digits(s, at, 4, y) || at >= s.size() || s[at++] != '-' || !read_digits(s, at, 2, mo) ||
      at >= s.size() || s[at++] != '-' || !read_digits(s, at, 2, d) || !valid_day(y, mo, d)) {
    return std::nullopt;
  }
  long long offset = 0;
  if (at < s.size()) {
    if (s[at] != 'T' && s[at] != 't' && s[at] != ' ') return std::nullopt;
    ++at;
    if (!read_digits(s, at, 2, h) || at >= s.size() || s[at++] != ':' || !read_digits(s, at, 2, mi)) return std::nullopt;
    if (at < s.size() && s[at] == ':') {
      ++at;
      if (!read_digits(s, at, 2, sec)) return std::nullopt;
      if (at < s.size() && (s[at] == '.' || s[at] == ',')) {  // fractions of a second are dropped
        ++at;
        std::size_t digits = 0;
        while (at < s.size() && std::isdigit(static_cast<unsigned char>(s[at]))) ++at, ++digits;
        if (digits == 0) return std::nullopt;
      }
    }
    if (h > 24 || mi > 59 || sec > 60 || (h == 24 && (mi || sec))) return std::nullopt;
    if (at < s.size()) {
      char z = s[at++];
      if (z == 'Z' || z == 'z') {
        if (at != s.size()) return std::nullopt;
      } else if (z == '+' || z == '-') {
        int oh, om = 0;
        if (!read_digits(s, at, 2, oh)) return std::nullopt;
        if (at < s.size() && s[at] == ':') ++at;
        if (at < s.size() && !read_digits(s, at, 2, om)) return std::nullopt;
        if (at != s.size() || oh > 23 || om > 59) return std::nullopt;
        offset = (z == '+' ? 1 : -1) * (oh * 3600LL + om * 60LL);
      } else {
        return std::nullopt;
      }
    }
  }
  return days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400LL + h * 3600LL +
         mi * 60LL + sec - offset;
}

std::string html_to_plain(const std::string& html) {
  std::string text;
  text.reserve(html.size());
  for (std::size_t i = 0; i < html.size(); ++i) {
    char c = html[i];
    if (c == '<' && i + 1 < html.size() && !std::isspace(static_cast<unsigned char>(html[i + 1]))) {
      std::size_t close = html.find('>', i);
      if (close == std::string::npos) break;  // an unclosed tag swallows the rest, as in strip_tags
      i = close;
      continue;
    }
    text += c;
  }
  // Decoded after the tags are gone: `&lt;b&gt;` is text, not a tag.
  std::string out = decode_html_entities(text);
  auto first = out.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return out.substr(first, out.find_last_not_of(" \t\r\n") - first + 1);
}

std::string ascii_lower(std::string text) {
  for (auto& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

std::optional<long long> changed_seconds(const json& value) {
  if (value.is_number_integer()) return value.get<long long>();
  if (value.is_string()) return parse_iso8601(value.get<std::string>());
  return std::nullopt;
}

}  // namespace moodle_sync
