#include "moodle/link_target.hpp"

#include <cctype>

#include "moodle_sync/html_entities.hpp"

namespace moodle_sync {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decoded(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 && hex_digit(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool scheme_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

}  // namespace

std::string comparable_link_target(const std::string& attribute_value) {
  std::string target = decode_html_entities_fully(attribute_value, HtmlContext::attribute);
  std::string kept;
  for (char c : target) {
    if (c == '"' || c == '<' || c == '>') break;
    if (c != '\t' && c != '\n' && c != '\r') kept += c;
  }
  const char* space = " \t\n\r\v";
  std::size_t first = kept.find_first_not_of(space);
  if (first == std::string::npos) return "";
  kept = kept.substr(first, kept.find_last_not_of(space) - first + 1);
  std::size_t colon = 0;
  while (colon < kept.size() && scheme_char(kept[colon])) ++colon;
  if (colon > 0 && colon < kept.size() && kept[colon] == ':') {
    for (std::size_t i = 0; i < colon; ++i) {
      if (kept[i] >= 'A' && kept[i] <= 'Z') kept[i] = static_cast<char>(kept[i] - 'A' + 'a');
    }
  }
  return percent_decoded(kept);
}

std::vector<std::string> link_targets(const std::string& html) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; };
  auto is_quote = [](char c) { return c == '"' || c == '\''; };
  auto named_at = [&html](std::size_t at, const char* name) {
    for (std::size_t k = 0; name[k]; ++k) {
      if (at + k >= html.size() || std::tolower(static_cast<unsigned char>(html[at + k])) != name[k]) return std::size_t{0};
    }
    return std::char_traits<char>::length(name);
  };
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < html.size()) {
    std::size_t name = named_at(at, "href");
    if (!name) name = named_at(at, "src");
    std::size_t i = at + name;
    if (name) {
      while (i < html.size() && is_space(html[i])) ++i;
      if (i < html.size() && html[i] == '=') {
        ++i;
        while (i < html.size() && is_space(html[i])) ++i;
        if (i < html.size() && is_quote(html[i])) {
          std::size_t begin = ++i;
          while (i < html.size() && !is_quote(html[i])) ++i;
          if (i < html.size()) {
            out.push_back(html.substr(begin, i - begin));
            at = i + 1;
            continue;
          }
        }
      }
    }
    ++at;
  }
  return out;
}

}  // namespace moodle_sync
