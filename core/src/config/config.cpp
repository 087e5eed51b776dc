// Reading the configuration against config_schema: every mistake is collected with its JSON path,
// defaults are filled in, and a secret's value never appears in a message.
#include "moodle_sync/config.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "components/registry.hpp"
#include "config/config_schema.hpp"
#include "config/url_safety.hpp"
#include "moodle_sync/json_text.hpp"
#include "moodle_sync/moodle_fields.hpp"
#include "moodle_sync/site_guard.hpp"

namespace moodle_sync {
namespace {

// A configuration is a few levels deep (components.courses.mapping.summary.transform[0]); far
// more is a broken or hostile file, refused before anything walks it.
constexpr std::size_t kMaxConfigDepth = 64;

using config_schema::Key;
using config_schema::Type;

std::string join(const std::vector<std::string>& words, const char* sep = ", ") {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : sep) + w;
  return out;
}

const char* expected(Type t) {
  switch (t) {
    case Type::string: case Type::pattern: case Type::env_name: case Type::secret: case Type::word: return "a string";
    case Type::url: return "a URL string";
    case Type::boolean: return "true or false";
    case Type::integer: return "an integer";
    case Type::id: return "a positive integer (a Moodle id)";
    case Type::string_list: return "a list of strings";
    case Type::url_list: return "a list of URL strings";
    case Type::id_list: return "a list of positive integers (Moodle ids)";
    case Type::integer_list: return "a list of integers";
    case Type::object: case Type::mapping: case Type::customfields: case Type::sections: return "an object";
  }
  return "?";
}

// Why a URL setting is refused, naming it without any user name or password; empty when it is fine.
std::string url_problem(const std::string& s) {
  if (has_userinfo(s)) {
    return "a user name or password in the URL is refused (\"" + without_userinfo(s) +
           "\"): it would be printed, logged and sent along; moodle-sync authenticates with the token (Drupal: with the credentials' "
           "environment variables)";
  }
  return {};
}

bool valid_url(const std::string& s) {
  auto scheme = s.find("://");
  if (scheme == std::string::npos) return false;
  std::string proto = s.substr(0, scheme);
  for (auto& c : proto) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (proto != "http" && proto != "https") return false;
  std::string host = s.substr(scheme + 3, s.find('/', scheme + 3) - (scheme + 3));
  return !host.empty() && host.find_first_of(" \t@") == std::string::npos;
}

bool valid_env_name(const std::string& s) {
  return !s.empty() && !std::isdigit(static_cast<unsigned char>(s[0])) &&
         std::all_of(s.begin(), s.end(), [](char c) { return std::isupper(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_'; });
}

std::string check_pattern(const std::string& p) {
  if (p.find("{id}") == std::string::npos) return "must contain {id}, or two entities would share one idnumber";
  for (std::size_t at = p.find('{'); at != std::string::npos; at = p.find('{', at + 1)) {
    auto close = p.find('}', at);
    if (close == std::string::npos) return "has an unclosed {";
    std::string name = p.substr(at + 1, close - at - 1);
    if (name != "id" && name != "uuid" && name != "bundle" && name != "type") {
      return "unknown placeholder {" + name + "}: expected {id}, {uuid}, {bundle} or {type}";
    }
  }
  return {};
}

class Reader {
 public:
  explicit Reader(std::vector<ConfigIssue>& issues) : issues_(issues) {}

  // Reads an object against its keys; returns the object with defaults filled in.
  json read_object(const json& in, const std::vector<Key>& keys, const std::string& path, bool allow_any = false) {
    json out = json::object();
    for (auto entry = in.begin(); entry != in.end(); ++entry) {
      const std::string& name = entry.key();
      auto it = std::find_if(keys.begin(), keys.end(), [&](const Key& k) { return k.name == name; });
      if (it == keys.end()) {
        if (!allow_any) {
          std::vector<std::string> names;
          for (const auto& k : keys) if (k.name != "$schema") names.push_back(k.name);
          issue(path + "." + name, "unknown key: expected one of " + join(names));
        }
        continue;
      }
    }
    for (const auto& key : keys) {
      std::string at = path + "." + key.name;
      auto it = in.find(key.name);
      if (it == in.end() || it->is_null()) {
        if (key.required) issue(at, std::string("missing value: expected ") + expected(key.type));
        else if (!key.default_value.is_null()) out[key.name] = key.default_value;
        continue;
      }
      json v = read_value(*it, key, at);
      if (!v.is_discarded()) out[key.name] = std::move(v);
    }
    return out;
  }

  void issue(std::string path, std::string message) { issues_.push_back({std::move(path), std::move(message)}); }
  std::vector<ConfigIssue>& issues() { return issues_; }

 private:
  json wrong_type(const json& v, const Key& key, const std::string& at) {
    issue(at, std::string("wrong type: expected ") + expected(key.type) + ", got " + v.type_name());
    return json(json::value_t::discarded);
  }

  json read_value(const json& v, const Key& key, const std::string& at) {
    switch (key.type) {
      case Type::string:
        if (!v.is_string()) return wrong_type(v, key, at);
        return v;
      case Type::secret:
        if (!v.is_string()) return wrong_type(v, key, at);  // the message names the type, never the value
        return v;
      case Type::env_name:
        if (!v.is_string()) return wrong_type(v, key, at);
        if (!valid_env_name(v.get<std::string>())) {
          // The value is not echoed: a token pasted here by mistake must not reach a log.
          issue(at, "expected the name of an environment variable (A-Z, 0-9, _), not its value");
        }
        return v;
      case Type::url:
        if (!v.is_string()) return wrong_type(v, key, at);
        if (std::string problem = url_problem(v.get<std::string>()); !problem.empty()) {
          issue(at, problem);
          return json(json::value_t::discarded);
        }
        if (!valid_url(v.get<std::string>())) {
          issue(at, "expected an http:// or https:// URL, got \"" + v.get<std::string>() + "\"");
          return json(json::value_t::discarded);
        }
        return normalize_site_url(v.get<std::string>());
      case Type::pattern: {
        if (!v.is_string()) return wrong_type(v, key, at);
        std::string problem = check_pattern(v.get<std::string>());
        if (!problem.empty()) issue(at, "bad pattern \"" + v.get<std::string>() + "\": " + problem);
        return v;
      }
      case Type::boolean:
        if (!v.is_boolean()) return wrong_type(v, key, at);
        return v;
      case Type::integer:
        if (!v.is_number_integer()) return wrong_type(v, key, at);
        if (key.max > key.min && (v.get<long long>() < key.min || v.get<long long>() > key.max)) {
          issue(at, "out of range: expected " + std::to_string(key.min) + " to " + std::to_string(key.max) + ", got " + to_text(v));
        }
        return v;
      case Type::id:
        if (!v.is_number_integer()) return wrong_type(v, key, at);
        if (v.get<long long>() <= 0) issue(at, "expected a positive integer (a Moodle id), got " + to_text(v));
        return v;
      case Type::word:
        if (!v.is_string()) return wrong_type(v, key, at);
        if (std::find(key.words.begin(), key.words.end(), v.get<std::string>()) == key.words.end()) {
          issue(at, "bad policy word \"" + v.get<std::string>() + "\": expected one of " + join(key.words));
        }
        return v;
      case Type::string_list:
      case Type::url_list: {
        if (!v.is_array()) return wrong_type(v, key, at);
        json out = json::array();
        for (std::size_t i = 0; i < v.size(); ++i) {
          std::string item_at = at + "[" + std::to_string(i) + "]";
          if (!v[i].is_string()) {
            issue(item_at, std::string("wrong type: expected a string, got ") + v[i].type_name());
          } else if (key.type == Type::url_list && !url_problem(v[i].get<std::string>()).empty()) {
            issue(item_at, url_problem(v[i].get<std::string>()));
          } else if (key.type == Type::url_list && !valid_url(v[i].get<std::string>())) {
            issue(item_at, "expected an http:// or https:// URL, got \"" + v[i].get<std::string>() + "\"");
          } else {
            out.push_back(key.type == Type::url_list ? json(normalize_site_url(v[i].get<std::string>())) : v[i]);
          }
        }
        if (key.type == Type::url_list && v.empty()) issue(at, "missing value: expected at least one URL");
        return out;
      }
      case Type::id_list: {
        if (!v.is_array()) return wrong_type(v, key, at);
        for (std::size_t i = 0; i < v.size(); ++i) {
          if (!v[i].is_number_integer() || v[i].get<long long>() <= 0) {
            issue(at + "[" + std::to_string(i) + "]", "expected a positive integer (a Moodle id), got " + to_text(v[i]));
          }
        }
        return v;
      }
      case Type::integer_list: {
        if (!v.is_array()) return wrong_type(v, key, at);
        if (v.empty()) issue(at, "missing value: expected at least one integer");
        for (std::size_t i = 0; i < v.size(); ++i) {
          std::string item_at = at + "[" + std::to_string(i) + "]";
          if (!v[i].is_number_integer()) issue(item_at, std::string("wrong type: expected an integer, got ") + v[i].type_name());
          else if (key.max > key.min && (v[i].get<long long>() < key.min || v[i].get<long long>() > key.max)) {
            issue(item_at, "out of range: expected " + std::to_string(key.min) + " to " + std::to_string(key.max) + ", got " + to_text(v[i]));
          }
        }
        return v;
      }
      case Type::object:
        if (!v.is_object()) return wrong_type(v, key, at);
        return read_object(v, key.children, at);
      case Type::sections:
        if (!v.is_object()) return wrong_type(v, key, at);
        return v;  // read section by section by load_config
      case Type::mapping:
      case Type::customfields:
        return v;  // parsed by parse_mapping, which knows the component's fields
    }
    return v;
  }

  std::vector<ConfigIssue>& issues_;
};

void check_component_rules(const std::string& name, const json& c, const std::string& at, Reader& r) {
  if (c.value("deleted", "") == "trash" && !c.contains("trash_category")) {
    r.issue(at + ".trash_category", "missing value: deleted is \"trash\", so a trash category id is needed");
  }
  std::string deleted = c.value("deleted", "keep");
  if ((deleted == "trash" || deleted == "delete" || deleted == "suspend") && c.value("idnumber_pattern", "{id}") == "{id}") {
    r.issue(at + ".idnumber_pattern", "deleted is \"" + deleted + "\": give the idnumbers a pattern of their own (e.g. \"" +
                                          component_named(name).object_noun() + "-{id}\"), so that only objects moodle-sync created are removed");
  }
  component_named(name).check_config(c, at, r.issues());
}

}  // namespace

const json& Config::component(const std::string& name) const {
  static const json kNone = json::object();
  auto components = settings.find("components");
  if (components == settings.end()) return kNone;
  auto it = components->find(name);
  return it == components->end() ? kNone : *it;
}

bool Config::enabled(const std::string& name) const { return component(name).value("enabled", false); }

ConfigResult load_config(const json& doc) {
  ConfigResult result;
  Reader reader(result.issues);
  if (!doc.is_object()) {
    reader.issue("$", std::string("wrong type: expected an object, got ") + doc.type_name());
    return result;
  }
  json settings = reader.read_object(doc, config_schema::top_level(), "$");
  const json& moodle = settings.contains("moodle") ? settings["moodle"] : json::object();
  if (moodle.contains("token") && !moodle.value("allow_token_in_file", false)) {
    reader.issue("$.moodle.token", "a token written in the file is refused: put it in the environment variable named by "
                                   "token_env, or set allow_token_in_file to true");
  }
  const json& source = settings.contains("source") ? settings["source"] : json::object();
  if (source.value("type", "file") == "file" && settings.contains("source") && !source.contains("path")) {
    reader.issue("$.source.path", "missing value: a file source needs the path of the export (file or folder)");
  }
  if (source.value("type", "") == "jsonapi") {
    if (!source.contains("url")) reader.issue("$.source.url", "missing value: a jsonapi source needs the Drupal site URL");
    for (const auto& [name, value] : config_schema::jsonapi_source_defaults().items()) {
      if (!settings["source"].contains(name)) settings["source"][name] = value;
    }
  }

  // The serverless function reads its settings from here whether or not the file has the section.
  if (!settings.contains("events")) settings["events"] = reader.read_object(json::object(), config_schema::events_keys(), "$.events");

  json components = json::object();
  if (doc.contains("components") && doc["components"].is_object()) {
    for (const auto& [name, section] : doc["components"].items()) {
      std::string at = "$.components." + name;
      if (!is_component(name)) {
        reader.issue(at, "unknown component: expected one of " + join(component_names()));
        continue;
      }
      if (!section.is_object()) {
        reader.issue(at, std::string("wrong type: expected an object, got ") + section.type_name());
        continue;
      }
      json c = reader.read_object(section, config_schema::component_keys(name), at);
      check_component_rules(name, c, at, reader);
      if (c.value("enabled", false) && !moodle_fields(name).empty()) {
        auto m = section.find("mapping");
        auto cf = section.find("customfields");
        result.config.mappings[name] = parse_mapping(m == section.end() ? nullptr : &*m,
                                                     cf == section.end() ? nullptr : &*cf, name, at, result.issues);
      }
      c.erase("mapping");
      c.erase("customfields");
      components[name] = std::move(c);
    }
  }
  settings["components"] = components;
  settings.erase("$schema");
  result.config.settings = std::move(settings);
  return result;
}

ConfigResult load_config(const std::string& text, const std::string& file_name) {
  (void)file_name;  // the host names the file when it prints the issues (format_issues)
  ConfigResult result;
  // A wrong byte is refused where it is, never read as U+FFFD: the file would look valid.
  if (std::size_t bad = first_invalid_utf8(text); bad != std::string::npos) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[bad]));
    result.issues.push_back({"$", "not valid UTF-8 at byte offset " + std::to_string(bad) + ": the byte " + hex +
                                      " does not begin a UTF-8 character (save the file as UTF-8)"});
    return result;
  }
  ParsedJson parsed = parse_json(text, kMaxConfigDepth);
  if (parsed.too_deep) {
    result.issues.push_back({parsed.path, "nested deeper than " + std::to_string(kMaxConfigDepth) + " levels (byte " +
                                              std::to_string(parsed.byte) + "): no setting is that deep"});
    return result;
  }
  if (!parsed.ok) {
    result.issues.push_back({"$", "not valid JSON: " + parsed.message});
    return result;
  }
  return load_config(parsed.value);
}

std::string format_issues(const std::vector<ConfigIssue>& issues, const std::string& file_name) {
  std::string out;
  for (const auto& i : issues) out += file_name + ": " + i.path + ": " + i.message + "\n";
  return out;
}

}  // namespace moodle_sync
