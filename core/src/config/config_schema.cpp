#include "config/config_schema.hpp"

#include <map>

namespace moodle_sync::config_schema {
namespace {

Key typed(std::string name, Type t, bool required = false, json def = nullptr) {
  Key k;
  k.name = std::move(name);
  k.type = t;
  k.required = required;
  k.default_value = std::move(def);
  return k;
}
Key str(std::string name, bool required = false, json def = nullptr) { return typed(std::move(name), Type::string, required, std::move(def)); }
Key boolean(std::string name, bool def) { return typed(std::move(name), Type::boolean, false, def); }
Key id(std::string name, bool required = false, json def = nullptr) { return typed(std::move(name), Type::id, required, std::move(def)); }
Key word(std::string name, std::vector<std::string> words, json def) {
  Key k = typed(std::move(name), Type::word, false, std::move(def));
  k.words = std::move(words);
  return k;
}
Key integer(std::string name, long long min, long long max, long long def) {
  Key k = typed(std::move(name), Type::integer, false, def);
  k.min = min;
  k.max = max;
  return k;
}
Key object(std::string name, std::vector<Key> children, bool required = false) {
  Key k = typed(std::move(name), Type::object, required);
  k.children = std::move(children);
  return k;
}

std::vector<Key> component(std::vector<Key> own, const char* default_pattern = "{id}") {
  std::vector<Key> keys = {boolean("enabled", true), typed("idnumber_pattern", Type::pattern, false, default_pattern)};
  keys.insert(keys.end(), own.begin(), own.end());
  return keys;
}

}  // namespace

const std::vector<Key>& component_keys(const std::string& name) {
  static const std::map<std::string, std::vector<Key>> components = {
      {"categories", component({str("vocabulary", true), typed("mapping", Type::mapping),
                                word("deleted", {"keep", "trash"}, "keep"), id("trash_category")})},
      {"templates", component({str("vocabulary", true), id("category", true),
                               typed("shortname_pattern", Type::pattern, false, "template_[{id}]"),
                               typed("mapping", Type::mapping), word("deleted", {"keep", "trash", "delete"}, "keep"),
                               id("trash_category")}, "template-{id}")},
      {"courses", component({str("entity_type", false, "node"), str("bundle", true),
                             object("category", {id("fixed"), str("field"), id("fallback")}, true),
                             str("template_field"), boolean("hide_copy", false), typed("mapping", Type::mapping),
                             typed("customfields", Type::customfields), word("deleted", {"keep", "delete"}, "keep")})},
      {"users", component({typed("mapping", Type::mapping), typed("customfields", Type::customfields),
                           str("auth", false, "manual"), word("password", {"create", "field"}, "create"),
                           str("password_field"), typed("excluded_roles", Type::string_list, false, json::array()),
                           word("blocked", {"suspend", "ignore"}, "suspend"),
                           word("deleted", {"none", "suspend", "delete"}, "none"),
                           word("match_existing", {"none", "username", "email"}, "none"),
                           object("profile", {str("type", true), str("user_field", true)})})},
      {"cohorts", component({str("vocabulary", true), typed("mapping", Type::mapping),
                             word("deleted", {"keep", "delete"}, "keep"),
                             object("membership", {word("on", {"user", "profile"}, "user"), str("field", true)})},
                            "{id}")},
      {"enrolments", component({object("registration", {str("type", true), str("user_field", true), str("course_field", true),
                                                        str("role_field"), id("default_role", false, 5), str("state_field"),
                                                        typed("inactive_states", Type::string_list, false, json::array()),
                                                        str("start_field"), str("end_field")}),
                                object("course_users", {str("field", true), id("role", true)}),
                                word("removal", {"suspend", "unenrol", "unassign_role"}, "suspend")})},
      {"completion", component({str("registration_type", true), str("user_field", false, "user_uid"),
                                str("course_field", false, "entity_id"),
                                object("fields", {str("completed"), str("completed_date"), str("activities")}),
                                str("course_total_field"),
                                typed("secret_env", Type::env_name, false, "MOODLE_SYNC_COMPLETION_SECRET")})},
  };
  static const std::vector<Key> none;
  auto it = components.find(name);
  return it == components.end() ? none : it->second;
}

const std::vector<Key>& top_level() {
  static const std::vector<Key> keys = {
      typed("$schema", Type::string),
      object("site", {typed("urls", Type::url_list, true)}, true),
      object("source", {word("type", {"file", "jsonapi"}, "file"), str("path"), typed("url", Type::url),
                        typed("username_env", Type::env_name), typed("password_env", Type::env_name)}, true),
      object("moodle", {typed("url", Type::url, true), typed("token_env", Type::env_name, false, "MOODLE_TOKEN"),
                        typed("token", Type::secret), boolean("allow_token_in_file", false),
                        integer("max_input_vars", 10, 1000000, 5000), integer("max_batch_items", 1, 10000, 100),
                        integer("timeout_seconds", 1, 3600, 600), integer("retries", 0, 10, 3), integer("retry_delay_ms", 0, 60000, 500)}, true),
      object("removal_guard", {integer("max_share_percent", 0, 100, 10), integer("min_count", 1, 1000000, 20)}),
      typed("components", Type::sections, true),
  };
  return keys;
}

}  // namespace moodle_sync::config_schema
