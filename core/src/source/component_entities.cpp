#include "moodle_sync/component_entities.hpp"

#include "moodle_sync/moodle_id.hpp"

#include <regex>

namespace moodle_sync {
namespace {

// The moodle id of a referenced entity: set in `out` when known; otherwise an issue (pending when
// the referenced entity will get its id earlier in the same run).
bool referenced_moodle_id(const EntityStore& store, const json& ref, const Entity& entity,
                          const std::string& field, long long& out, std::vector<EntityIssue>& issues) {
  if (!is_reference(ref)) {
    issues.push_back({entity.label(), field, "", "is not a valid reference"});
    return false;
  }
  const Entity* target = store.find(ref["type"].get<std::string>(), ref["id"].get<std::string>());
  if (!target) {
    issues.push_back({entity.label(), field, "", "references " + ref["type"].get<std::string>() + " " +
                                                     ref["id"].get<std::string>() + ", which is not in the export"});
    return false;
  }
  if (!target->unusable.empty()) {
    issues.push_back({entity.label(), field, "", "references " + target->unusable, false, target->unusable});
    return false;
  }
  auto it = target->attributes.find("field_moodle_id");
  MoodleIdDecision d = decide_moodle_id(it == target->attributes.end() ? json() : *it);
  if (d.action == MoodleIdAction::update) {
    out = d.moodle_id;
    return true;
  }
  if (d.action == MoodleIdAction::create) {
    issues.push_back({entity.label(), field, "", "waits for " + target->label() + ", which has no moodle id yet", true});
  } else {
    issues.push_back({entity.label(), field, "", "references " + target->label() + ", which is ignored (" + d.reason + ")"});
  }
  return false;
}

// Drupal marks a root term's parent with the "virtual" resource; an empty list means the same.
const json* real_parent(const Entity& term) {
  auto rel = term.relationships.find("parent");
  if (rel == term.relationships.end() || !rel->contains("data")) return nullptr;
  const json& data = (*rel)["data"];
  const json* first = data.is_array() ? (data.empty() ? nullptr : &data[0]) : (data.is_null() ? nullptr : &data);
  if (!first || (*first).value("id", "") == "virtual") return nullptr;
  return first;
}

std::string regex_escape(const std::string& s) {
  static const std::string special = R"(\^$.|?*+()[]{})";
  std::string out;
  for (char c : s) {
    if (special.find(c) != std::string::npos) out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::regex idnumber_regex(const std::string& pattern, const std::string& entity_type) {
  std::string bundle = entity_type.substr(entity_type.find("--") == std::string::npos ? 0 : entity_type.find("--") + 2);
  std::string type = entity_type.substr(0, entity_type.find("--"));
  std::string re = "^";
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{') {
      std::size_t close = pattern.find('}', i);
      std::string name = pattern.substr(i + 1, close - i - 1);
      if (name == "id") re += "([0-9]+)";
      else if (name == "uuid") re += "[0-9a-fA-F-]+";
      else if (name == "bundle") re += regex_escape(bundle);
      else if (name == "type") re += regex_escape(type);
      i = close;
    } else {
      re += regex_escape(std::string(1, pattern[i]));
    }
  }
  return std::regex(re + "$");
}


std::string entity_type_of(const Config& config, const std::string& component) {
  const json& c = config.component(component);
  if (component == "categories" || component == "templates" || component == "cohorts") {
    return "taxonomy_term--" + c.value("vocabulary", "");
  }
  if (component == "courses") return c.value("entity_type", "node") + "--" + c.value("bundle", "");
  if (component == "users") return "user--user";
  if (component == "enrolments" && c.contains("registration")) return c["registration"].value("type", "");
  if (component == "completion") return c.value("registration_type", "");
  return {};
}

std::string idnumber_for(const std::string& pattern, const Entity& entity) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{') {
      std::size_t close = pattern.find('}', i);
      std::string name = pattern.substr(i + 1, close - i - 1);
      if (name == "id") out += entity.id.empty() ? entity.uuid : entity.id.text();  // a machine name stays text
      else if (name == "uuid") out += entity.uuid;
      else if (name == "bundle") out += entity.bundle();
      else if (name == "type") out += entity.entity_type();
      i = close;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

void add_derived_fields(const Config& config, const std::string& component, const Entity& entity,
                        const EntityStore& store, json& fields, std::vector<EntityIssue>& issues) {
  const json& c = config.component(component);
  if (component == "categories") {
    long long parent = 0;
    const json* ref = real_parent(entity);
    if (!ref || referenced_moodle_id(store, *ref, entity, "parent", parent, issues)) fields["parent"] = parent;
  } else if (component == "templates") {
    fields["categoryid"] = c.value("category", 0);
    if (!fields.contains("shortname")) fields["shortname"] = idnumber_for(c.value("shortname_pattern", "template_[{id}]"), entity);
  } else if (component == "courses") {
    const json& cat = c.contains("category") ? c["category"] : json::object();
    if (cat.contains("fixed")) {
      fields["categoryid"] = cat["fixed"];
    } else if (cat.contains("field")) {
      PathValue v = store.resolve(entity, cat["field"].get<std::string>());
      long long id = 0;
      bool empty = !v.found || v.value.is_null() || (v.value.is_array() && v.value.empty());
      if (empty && cat.contains("fallback")) {
        fields["categoryid"] = cat["fallback"];
      } else if (!v.found) {
        issues.push_back({entity.label(), "categoryid", cat["field"].get<std::string>(), v.problem});
      } else if (empty) {
        issues.push_back({entity.label(), "categoryid", cat["field"].get<std::string>(), "is empty and no fallback category is configured"});
      } else if (referenced_moodle_id(store, v.value.is_array() ? v.value[0] : v.value, entity, "categoryid", id, issues)) {
        fields["categoryid"] = id;
      }
    }
  }
}

}  // namespace moodle_sync
