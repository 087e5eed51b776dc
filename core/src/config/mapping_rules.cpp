// Reading field rules from the configuration: a string is a pipeline ("title | plain"), a number or
// boolean is a constant, an object spells it out ({"from", "transform", "default"} or {"value"}).
#include <algorithm>

#include "components/registry.hpp"
#include "moodle_sync/mapping.hpp"
#include "moodle_sync/moodle_fields.hpp"

namespace moodle_sync {
namespace {

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

bool valid_path(const std::string& path) {
  if (path.empty() || path.front() == '.' || path.back() == '.' || path.find("..") != std::string::npos) return false;
  return std::all_of(path.begin(), path.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
  });
}

void add_transform(FieldRule& rule, const std::string& name, const std::string& where, std::vector<ConfigIssue>& issues) {
  auto t = parse_transform(name);
  if (!t) {
    issues.push_back({where, "bad transform \"" + name + "\": expected one of " + join(transform_names())});
    return;
  }
  rule.transforms.push_back(*t);
}

void parse_pipeline(FieldRule& rule, const std::string& text, const std::string& where, std::vector<ConfigIssue>& issues) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    auto bar = text.find('|', start);
    parts.push_back(trim(text.substr(start, bar == std::string::npos ? std::string::npos : bar - start)));
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  rule.path = parts[0];
  if (!valid_path(rule.path)) {
    issues.push_back({where, "expected a source path such as \"title\" or \"body.value\", got \"" + rule.path + "\""});
  }
  for (std::size_t i = 1; i < parts.size(); ++i) add_transform(rule, parts[i], where, issues);
}

FieldRule parse_rule(const std::string& target, const json& spec, const std::string& where, std::vector<ConfigIssue>& issues) {
  FieldRule rule;
  rule.target = target;
  if (spec.is_string()) {
    parse_pipeline(rule, spec.get<std::string>(), where, issues);
  } else if (spec.is_number() || spec.is_boolean()) {
    rule.constant = true;
    rule.value = spec;
  } else if (spec.is_object()) {
    for (const auto& [key, v] : spec.items()) {
      if (key != "from" && key != "transform" && key != "default" && key != "value") {
        issues.push_back({where + "." + key, "unknown key: expected from, transform, default or value"});
      }
    }
    if (spec.contains("value")) {
      if (spec.contains("from") || spec.contains("transform")) {
        issues.push_back({where, "a constant (value) cannot also have from or transform"});
      }
      rule.constant = true;
      rule.value = spec["value"];
      if (!rule.value.is_primitive() || rule.value.is_null()) {
        issues.push_back({where + ".value", "expected a string, number or boolean constant"});
      }
    } else if (!spec.contains("from")) {
      issues.push_back({where + ".from", "missing value: expected the source path (or \"value\" for a constant)"});
    } else if (!spec["from"].is_string()) {
      issues.push_back({where + ".from", std::string("wrong type: expected a string, got ") + spec["from"].type_name()});
    } else {
      parse_pipeline(rule, spec["from"].get<std::string>(), where + ".from", issues);
    }
    if (spec.contains("transform")) {
      const json& t = spec["transform"];
      if (t.is_string()) {
        add_transform(rule, t.get<std::string>(), where + ".transform", issues);
      } else if (t.is_array()) {
        for (std::size_t i = 0; i < t.size(); ++i) {
          std::string w = where + ".transform[" + std::to_string(i) + "]";
          if (t[i].is_string()) add_transform(rule, t[i].get<std::string>(), w, issues);
          else issues.push_back({w, std::string("wrong type: expected a transform name, got ") + t[i].type_name()});
        }
      } else {
        issues.push_back({where + ".transform", std::string("wrong type: expected a transform name or a list of them, got ") + t.type_name()});
      }
    }
    if (spec.contains("default")) {
      rule.has_default = true;
      rule.default_value = spec["default"];
    }
  } else {
    issues.push_back({where, std::string("wrong type: expected a source path, a constant or an object, got ") + spec.type_name()});
  }
  return rule;
}

// What an unconfigured component maps by default: Drupal's own field names.
json default_mapping(const std::string& component) { return component_named(component).default_mapping(); }

std::string field_list(const std::string& component) {
  std::vector<std::string> names;
  for (const auto& f : moodle_fields(component)) names.push_back(f.name);
  return join(names);
}

}  // namespace

std::string FieldRule::source_text() const {
  if (constant) return "constant " + to_text(value);
  std::string s = path;
  for (auto t : transforms) s += std::string(" | ") + to_string(t);
  if (has_default) s += " (default " + to_text(default_value) + ")";
  return s;
}

Mapping parse_mapping(const json* mapping, const json* customfields, const std::string& component,
                      const std::string& json_path, std::vector<ConfigIssue>& issues) {
  Mapping m;
  json merged = default_mapping(component);
  if (mapping) {
    if (!mapping->is_object()) {
      issues.push_back({json_path + ".mapping", std::string("wrong type: expected an object {moodle field: source}, got ") + mapping->type_name()});
    } else {
      for (const auto& [target, spec] : mapping->items()) merged[target] = spec;
    }
  }
  for (const auto& [target, spec] : merged.items()) {
    std::string where = json_path + ".mapping." + target;
    if (is_reserved_field(component, target)) {
      issues.push_back({where, "\"" + target + "\" is set by the sync itself and cannot be mapped"});
      continue;
    }
    if (!find_moodle_field(component, target)) {
      issues.push_back({where, "unknown Moodle field \"" + target + "\" for " + component + ": expected one of " + field_list(component)});
      continue;
    }
    m.fields.push_back(parse_rule(target, spec, where, issues));
  }
  for (const auto& f : moodle_fields(component)) {
    bool mapped = std::any_of(m.fields.begin(), m.fields.end(), [&](const FieldRule& r) { return r.target == f.name; });
    if (f.required && !mapped && !component_named(component).derives(f.name)) {
      issues.push_back({json_path + ".mapping." + f.name, "missing value: " + component + " need a mapping for " + f.name});
    }
  }
  if (customfields) {
    if (!customfields->is_object()) {
      issues.push_back({json_path + ".customfields", std::string("wrong type: expected an object {shortname: source}, got ") + customfields->type_name()});
    } else {
      for (const auto& [shortname, spec] : customfields->items()) {
        std::string where = json_path + ".customfields." + shortname;
        bool ok = !shortname.empty() && std::all_of(shortname.begin(), shortname.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
        });
        if (!ok) issues.push_back({where, "a custom field shortname has only letters, digits, _ and -"});
        m.customfields.push_back(parse_rule(shortname, spec, where, issues));
      }
    }
  }
  return m;
}

}  // namespace moodle_sync
