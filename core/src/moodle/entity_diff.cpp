#include "moodle/entity_diff.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <string>
#include <utility>

#include "components/registry.hpp"
#include "moodle_sync/html_entities.hpp"
#include "moodle/link_target.hpp"
#include "moodle_sync/moodle_fields.hpp"
#include "moodle_sync/transforms.hpp"

namespace moodle_sync {
namespace {

// Fields never compared: the format companions (reads always say 1) and what only creates take.
bool compared(const std::string& field) {
  return field != "id" && field != "summaryformat" && field != "descriptionformat" && field != "courseformatoptions" &&
         field != "createpassword" && field != "password" && field != "customfields" && field != "categorytype";
}

std::string collapse_space(const std::string& s) {
  std::string out;
  bool space = false;
  for (unsigned char c : s) {
    if (std::isspace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(c);
  }
  return out;
}

// Moodle decodes `&lang;` and `&rang;` to their HTML 4 characters (U+2329, U+232A), HTML5 to
// U+27E8 and U+27E9: one character stands for both.
std::string html4_angle_brackets_as_html5(std::string text) {
  static const std::pair<const char*, const char*> kSame[] = {{"\xE2\x8C\xA9", "\xE2\x9F\xA8"}, {"\xE2\x8C\xAA", "\xE2\x9F\xA9"}};
  for (const auto& [html4, html5] : kSame) {
    for (std::size_t at = text.find(html4); at != std::string::npos; at = text.find(html4, at + 3)) text.replace(at, 3, html5);
  }
  return text;
}

// Formatted text as Moodle's filters leave it comparable: the text, plus the link and image
// targets that do not appear in the text (a filter that turns a written URL into a link adds only
// targets that do). A changed link is a change; markup rewritten by filters is not. Moodle answers
// every character reference it knows as its character (`&middot;` as `·`, `&#8211;` as `–`) except
// `&amp;`, `&lt;` and `&gt;`, and escapes the '&' of those it does not know (`&bigstar;` comes back
// `&amp;bigstar;`), so the text is compared with every reference decoded until none is left.
std::string html_fingerprint(const std::string& html) {
  std::string text = collapse_space(html4_angle_brackets_as_html5(decode_html_entities_fully(html_to_plain(html))));
  std::string targets;
  for (const std::string& found : link_targets(html)) {
    std::string target = comparable_link_target(found);
    if (text.find(target) == std::string::npos) targets += " " + target;
  }
  return text + (targets.empty() ? "" : " |" + targets);
}

json normalized(const std::string& component, const std::string& field, const json& v) {
  if (v.is_boolean()) return v.get<bool>() ? 1 : 0;
  if (v.is_null()) return "";
  if (!v.is_string()) return v;
  // Moodle's fix_utf8 drops NUL bytes from what it takes in: a value holding one is stored without it.
  std::string text = v.get<std::string>();
  text.erase(std::remove(text.begin(), text.end(), '\0'), text.end());
  const MoodleField* f = find_moodle_field(component, field);
  if (f && f->kind == FieldKind::html) return html_fingerprint(text);
  return collapse_space(decode_html_entities_fully(text));
}

}  // namespace

// Fields Moodle's read does not return (some of a user's): they can be set on create, not compared.
bool unreadable(const std::string& component, const std::string& field) { return component_named(component).unreadable(field); }

json diff_fields(const std::string& component, const json& item, const json& record) {
  json changes = json::object();
  bool existing = !record.empty();
  static const json absent;
  for (const auto& [field, value] : item.items()) {
    if (!compared(field) || (existing && unreadable(component, field))) continue;
    auto found = record.find(field);
    const json& old = found == record.end() ? absent : *found;
    // Equal values normalize alike: only different ones are normalized to be compared.
    if (old != value && normalized(component, field, old) != normalized(component, field, value)) {
      changes[field] = {{"old", old}, {"new", value}};
    }
  }
  if (item.contains("customfields")) {
    const json& have = record.contains("customfields") ? record["customfields"] : json::object();
    for (const auto& cf : item["customfields"]) {
      std::string key = cf.contains("shortname") ? cf["shortname"].get<std::string>() : cf.value("type", "");
      json old = have.contains(key) ? have[key] : json("");
      if (normalized(component, key, old) != normalized(component, key, cf["value"])) {
        changes["customfields." + key] = {{"old", old}, {"new", cf["value"]}};
      }
    }
  }
  return changes;
}

json update_item(long long moodle_id, const json& item, const json& changes) {
  json out = {{"id", moodle_id}};
  for (const auto& [field, change] : changes.items()) {
    if (field.rfind("customfields.", 0) == 0) continue;
    out[field] = change["new"];
    // Moodle resets a format it is not sent to 1; send the companion with its text.
    if (field == "summary" && item.contains("summaryformat")) out["summaryformat"] = item["summaryformat"];
    if (field == "description" && item.contains("descriptionformat")) out["descriptionformat"] = item["descriptionformat"];
  }
  if (item.contains("customfields")) {
    json custom = json::array();
    for (const auto& cf : item["customfields"]) {
      std::string key = cf.contains("shortname") ? cf["shortname"].get<std::string>() : cf.value("type", "");
      if (changes.contains("customfields." + key)) custom.push_back(cf);
    }
    if (!custom.empty()) out["customfields"] = custom;
  }
  if (out.contains("enddate") && item.contains("courseformatoptions")) out["courseformatoptions"] = item["courseformatoptions"];
  return out;
}

}  // namespace moodle_sync
