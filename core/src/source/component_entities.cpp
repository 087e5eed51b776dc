#include "moodle_sync/component_entities.hpp"

#include "components/registry.hpp"
#include "moodle_sync/moodle_id.hpp"

#include <regex>

namespace moodle_sync {

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

namespace {

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
  return component_named(component).entity_type(config);
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
  if (const ObjectHooks* hooks = component_named(component).objects()) hooks->add_derived_fields(config, entity, store, fields, issues);
}

}  // namespace moodle_sync
