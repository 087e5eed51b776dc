#include "moodle_sync/html_entities.hpp"

#include <algorithm>
#include <cstring>

#include "json/utf8_append.hpp"

namespace moodle_sync {
namespace {

constexpr std::size_t kLongestName = 32;        // "CounterClockwiseContourIntegral;"
constexpr std::size_t kLongestLegacyName = 6;   // "middot", "frac12", ...
constexpr int kMaxPasses = 8;                   // nested escapes deeper than this are text

bool is_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
int hex_value(char c) { return is_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10; }

// The code points XML allows (libxml2's xmlIsChar): Moodle's parser drops a reference to any other.
bool xml_char(unsigned long cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
         (cp >= 0x10000 && cp <= 0x10FFFF);
}

// A numeric reference at `at` ('&#') as Moodle's parser reads it: "&#" [x] digits [;] is always
// consumed; its character is kept when XML allows it (C1 values such as `&#150;` stay U+0096, not
// the windows-1252 character an HTML5 browser shows), dropped otherwise, and so are "&#" and "&#x"
// without digits. Returns the length consumed.
std::size_t decode_numeric(const std::string& s, std::size_t at, std::string& out) {
  std::size_t i = at + 2;
  bool hex = i < s.size() && (s[i] == 'x' || s[i] == 'X');
  if (hex) ++i;
  std::size_t digits_from = i;
  unsigned long value = 0;
  while (i < s.size() && (hex ? is_hex(s[i]) : is_digit(s[i]))) {
    if (value <= 0x10FFFF) value = value * (hex ? 16 : 10) + static_cast<unsigned long>(hex ? hex_value(s[i]) : s[i] - '0');
    ++i;
  }
  bool digits = i > digits_from;
  if (i < s.size() && s[i] == ';') ++i;
  if (digits && xml_char(value)) append_utf8(out, value);
  return i - at;
}

// A named reference at `at` ('&' + letter or digit): its length, or 0 when no name matches.
std::size_t decode_named(const std::string& s, std::size_t at, HtmlContext context, std::string& out) {
  std::size_t end = at + 1;
  while (end < s.size() && end - at - 1 < kLongestName && is_alnum(s[end])) ++end;
  std::string name = s.substr(at + 1, end - at - 1);
  if (end < s.size() && s[end] == ';') {
    if (const char* value = find_html_entity(name + ";")) {
      out += value;
      return name.size() + 2;
    }
  }
  // Without ';' only a legacy name matches, the longest one that begins the run.
  for (std::size_t len = std::min(name.size(), kLongestLegacyName); len >= 2; --len) {
    const char* value = find_html_entity(name.substr(0, len));
    if (!value) continue;
    std::size_t after = at + 1 + len;
    if (context == HtmlContext::attribute && after < s.size() && (is_alnum(s[after]) || s[after] == '=')) return 0;
    out += value;
    return len + 1;
  }
  return 0;
}

}  // namespace

const char* find_html_entity(const std::string& name) {
  const HtmlEntity* end = kHtmlEntities + kHtmlEntityCount;
  const HtmlEntity* it = std::lower_bound(kHtmlEntities, end, name.c_str(),
                                          [](const HtmlEntity& e, const char* n) { return std::strcmp(e.name, n) < 0; });
  return it != end && name == it->name ? it->value : nullptr;
}

std::string decode_html_entities(const std::string& text, HtmlContext context) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::size_t used = 0;
    if (text[i] == '&' && i + 1 < text.size()) {
      if (text[i + 1] == '#') used = decode_numeric(text, i, out);
      else if (is_alnum(text[i + 1])) used = decode_named(text, i, context, out);
    }
    if (used) {
      i += used;
    } else {
      out += text[i];
      ++i;
    }
  }
  return out;
}

std::string decode_html_entities_fully(const std::string& text, HtmlContext context) {
  std::string current = text;
  for (int pass = 0; pass < kMaxPasses && current.find('&') != std::string::npos; ++pass) {
    std::string next = decode_html_entities(current, context);
    if (next == current) break;
    current = std::move(next);
  }
  return current;
}

}  // namespace moodle_sync
