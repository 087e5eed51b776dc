// Applying field rules to an entity: follow the path, run the transforms, then make the value what
// the Moodle field accepts. A problem is reported for the field and the entity; nothing is guessed.
#include <algorithm>
#include <cctype>

#include "components/registry.hpp"
#include "moodle_sync/mapping.hpp"
#include "moodle_sync/moodle_fields.hpp"
#include "moodle_sync/moodle_id.hpp"

namespace moodle_sync {
namespace {

struct Failure {
  std::string message;
  bool pending = false;
  std::string cause{};
};

bool is_empty(const json& v) {
  return v.is_null() || (v.is_string() && v.get_ref<const std::string&>().empty()) ||
         (v.is_array() && v.empty());
}

bool is_formatted_text(const json& v) { return v.is_object() && (v.contains("value") || v.contains("processed")); }

std::string formatted_text(const json& v, bool prefer_processed) {
  const char* first = prefer_processed ? "processed" : "value";
  const char* second = prefer_processed ? "value" : "processed";
  if (v.contains(first) && v[first].is_string()) return v[first].get<std::string>();
  if (v.contains(second) && v[second].is_string()) return v[second].get<std::string>();
  return "";
}

std::string kind_of(const json& v) {
  if (is_formatted_text(v)) return "formatted text";
  if (v.is_object() && v.contains("type") && v.contains("id")) return "a reference";
  if (v.is_array()) return "a multi-value field";
  return std::string("a ") + v.type_name();
}

// Returns the transformed value, or a Failure.
bool apply(Transform t, json& v, const Entity& entity, const EntityStore& store, Failure& fail) {
  switch (t) {
    case Transform::first:
      if (v.is_array()) v = v.empty() ? json() : json(v[0]);
      return true;
    case Transform::trim:
      if (!v.is_string()) break;
      {
        const std::string& s = v.get_ref<const std::string&>();
        auto b = s.find_first_not_of(" \t\r\n");
        v = b == std::string::npos ? std::string() : s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
      }
      return true;
    case Transform::timestamp:
      if (!v.is_string()) break;
      if (auto ts = parse_iso8601(v.get<std::string>())) {
        v = *ts;
        return true;
      }
      fail.message = "\"" + v.get<std::string>() + "\" is not an ISO 8601 date";
      return false;
    case Transform::boolean:
      if (v.is_boolean()) v = v.get<bool>() ? 1 : 0;
      else if (v.is_number_integer() && (v.get<long long>() == 0 || v.get<long long>() == 1)) v = v.get<int>();
      else if (v == "1" || v == "true") v = 1;
      else if (v == "0" || v == "false") v = 0;
      else break;
      return true;
    case Transform::html:
      if (is_formatted_text(v)) v = formatted_text(v, true);
      else if (!v.is_string()) break;
      return true;
    case Transform::plain:
      if (is_formatted_text(v)) v = html_to_plain(formatted_text(v, true));
      else if (v.is_string()) v = html_to_plain(v.get<std::string>());
      else break;
      return true;
    case Transform::lower:
      if (!v.is_string()) break;
      v = ascii_lower(v.get<std::string>());
      return true;
    case Transform::text:
      if (v.is_number()) v = to_text(v);
      else if (!v.is_string()) break;
      return true;
    case Transform::integer:
      if (v.is_number_integer()) return true;
      if (v.is_string() && !v.get_ref<const std::string&>().empty() && v.get_ref<const std::string&>().size() < 19 &&
          v.get_ref<const std::string&>().find_first_not_of("0123456789") == std::string::npos) {
        v = std::stoll(v.get<std::string>());
        return true;
      }
      fail.message = to_text(v) + " is not an integer";
      return false;
    case Transform::moodle_id: {
      if (v.is_array()) {
        fail.message = "is a multi-value reference: add `first` before moodle_id";
        return false;
      }
      if (!v.is_object() || !v.contains("type") || !v.contains("id") || !v["type"].is_string() || !v["id"].is_string()) break;
      const Entity* target = store.find(v["type"].get<std::string>(), v["id"].get<std::string>());
      if (!target) {
        fail.message = "references " + v["type"].get<std::string>() + " " + v["id"].get<std::string>() + ", which is not in the export";
        return false;
      }
      if (!target->unusable.empty()) {
        fail.message = "references " + target->unusable;
        fail.cause = target->unusable;
        return false;
      }
      auto it = target->attributes.find("field_moodle_id");
      MoodleIdDecision d = decide_moodle_id(it == target->attributes.end() ? json() : *it);
      if (d.action == MoodleIdAction::update) {
        v = d.moodle_id;
        return true;
      }
      if (d.action == MoodleIdAction::create) {
        fail.message = "references " + target->label() + ", which has no moodle id yet";
        fail.pending = true;
      } else {
        fail.message = "references " + target->label() + ", which is ignored (" + d.reason + ")";
      }
      return false;
    }
  }
  (void)entity;
  fail.message = std::string("is ") + kind_of(v) + ", which `" + to_string(t) + "` cannot take";
  return false;
}

std::string escape_tags(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

std::size_t utf8_length(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool valid_username(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == '@';
  });
}

bool valid_email(const std::string& s) {
  auto at = s.find('@');
  return at != std::string::npos && at > 0 && at == s.rfind('@') && s.find('.', at) != std::string::npos &&
         s.back() != '.' && s.find_first_of(" \t\r\n<>,;\"") == std::string::npos;
}

// Makes a value what the Moodle field takes, or explains why it cannot.
bool coerce(const MoodleField& f, json& v, Failure& fail) {
  auto type_error = [&]() {
    fail.message = "is " + kind_of(v) + ", expected " + to_string(f.kind) +
                   (is_formatted_text(v) ? ": add `| html` or `| plain`" : "") +
                   (v.is_array() ? ": add `| first`" : "");
    return false;
  };
  switch (f.kind) {
    case FieldKind::integer:
      if (v.is_number_integer()) return true;
      if (v.is_string()) {
        Failure ignored;
        if (apply(Transform::integer, v, Entity{}, EntityStore{}, ignored)) return true;
        fail.message = to_text(v) + " is not an integer";
        return false;
      }
      return type_error();
    case FieldKind::boolean: {
      Failure ignored;
      if (apply(Transform::boolean, v, Entity{}, EntityStore{}, ignored)) return true;
      if (v.is_primitive()) {
        fail.message = to_text(v) + " is not a boolean (true/false or 1/0)";
        return false;
      }
      return type_error();
    }
    default:
      break;
  }
  if (v.is_number()) v = to_text(v);
  if (!v.is_string()) return type_error();
  std::string s = v.get<std::string>();
  // Moodle's fix_utf8 drops NUL bytes from every text it takes in: send what it will keep.
  s.erase(std::remove(s.begin(), s.end(), '\0'), s.end());
  switch (f.kind) {
    case FieldKind::text:
      s = escape_tags(s);  // Moodle refuses tags in names; encoded, they display as written
      break;
    case FieldKind::username:
      s = ascii_lower(s);
      if (!valid_username(s)) {
        fail.message = "\"" + s + "\" has characters Moodle refuses in a username (allowed: a-z 0-9 _ - . @)";
        return false;
      }
      break;
    case FieldKind::email:
      s = ascii_lower(s);
      if (!valid_email(s)) {
        fail.message = "\"" + s + "\" is not a valid email address";
        return false;
      }
      break;
    default:
      break;
  }
  if (f.max_length && utf8_length(s) > f.max_length) {
    fail.message = "is " + std::to_string(utf8_length(s)) + " characters long, Moodle stores at most " + std::to_string(f.max_length);
    return false;
  }
  v = std::move(s);
  return true;
}

bool omitted_when_empty(const std::string& field) {
  return field == "lang" || field == "forcetheme" || field == "theme" || field == "calendartype" || field == "timezone";
}

// Evaluates one rule; returns false (and fills fail) on a problem, sets `present` when a value results.
bool evaluate(const FieldRule& rule, const Entity& entity, const EntityStore& store, json& out, bool& present, Failure& fail) {
  present = false;
  json v;
  if (rule.constant) {
    v = rule.value;
  } else {
    PathValue pv = store.resolve(entity, rule.path);
    if (!pv.found) {
      fail.message = pv.problem;
      return false;
    }
    v = std::move(pv.value);
    for (Transform t : rule.transforms) {
      if (is_empty(v)) break;
      if (!apply(t, v, entity, store, fail)) return false;
    }
  }
  if (is_empty(v)) {
    if (!rule.has_default) return true;
    v = rule.default_value;
    if (v.is_null()) return true;
  }
  out = std::move(v);
  present = true;
  return true;
}

}  // namespace

MappedEntity map_entity(const Entity& entity, const Mapping& mapping, const std::string& component,
                        const EntityStore& store) {
  MappedEntity result;
  for (const auto& rule : mapping.fields) {
    const MoodleField* field = find_moodle_field(component, rule.target);
    if (!field) continue;  // parse_mapping reported it
    json v;
    bool present = false;
    Failure fail;
    bool ok = evaluate(rule, entity, store, v, present, fail) && (!present || coerce(*field, v, fail));
    if (!ok) {
      result.issues.push_back({entity.label(), rule.target, rule.source_text(), fail.message, fail.pending, fail.cause});
      continue;
    }
    if (!present) {
      if (field->required) {
        result.issues.push_back({entity.label(), rule.target, rule.source_text(), "is empty, and Moodle requires a value"});
      }
      continue;
    }
    // Moodle refuses an empty language or theme ("errorinvalidparam"): empty means "site default".
    if (v.is_string() && v.get_ref<const std::string&>().empty() && omitted_when_empty(rule.target)) continue;
    if (field->kind == FieldKind::text && v.get_ref<const std::string&>().find_first_not_of(" \t\r\n") == std::string::npos) {
      result.issues.push_back({entity.label(), rule.target, rule.source_text(), "is blank, and Moodle refuses a blank " + rule.target});
      continue;
    }
    result.fields[rule.target] = std::move(v);
    if (field->format_companion && rule.transforms.size() && rule.transforms.back() == Transform::html) {
      result.fields[field->format_companion] = 1;
    }
  }
  const char* key = component_named(component).customfield_key();
  for (const auto& rule : mapping.customfields) {
    json v;
    bool present = false;
    Failure fail;
    if (!evaluate(rule, entity, store, v, present, fail)) {
      result.issues.push_back({entity.label(), "customfields." + rule.target, rule.source_text(), fail.message, fail.pending, fail.cause});
      continue;
    }
    if (!present) v = "";  // an empty source clears the custom field
    if (v.is_number() || v.is_boolean()) v = v.is_boolean() ? std::string(v.get<bool>() ? "1" : "0") : to_text(v);
    if (!v.is_string()) {
      result.issues.push_back({entity.label(), "customfields." + rule.target, rule.source_text(),
                               "is " + kind_of(v) + ", expected a single value"});
      continue;
    }
    result.customfields.push_back({{key, rule.target}, {"value", v}});
  }
  return result;
}

json to_json(const MappedEntity& mapped) {
  json issues = json::array();
  for (const auto& i : mapped.issues) issues.push_back(to_json(i));
  json j = {{"fields", mapped.fields}};
  if (!mapped.customfields.empty()) j["customfields"] = mapped.customfields;
  j["issues"] = issues;
  return j;
}

}  // namespace moodle_sync
