#include "config/config_schema.hpp"

#include "components/registry.hpp"

namespace moodle_sync::config_schema {

Key typed(std::string name, Type t, bool required, json def) {
  Key k;
  k.name = std::move(name);
  k.type = t;
  k.required = required;
  k.default_value = std::move(def);
  return k;
}
Key str(std::string name, bool required, json def) { return typed(std::move(name), Type::string, required, std::move(def)); }
Key boolean(std::string name, bool def) { return typed(std::move(name), Type::boolean, false, def); }
Key id(std::string name, bool required, json def) { return typed(std::move(name), Type::id, required, std::move(def)); }
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
Key object(std::string name, std::vector<Key> children, bool required) {
  Key k = typed(std::move(name), Type::object, required);
  k.children = std::move(children);
  return k;
}

std::vector<Key> component_section(std::vector<Key> own, const char* default_pattern) {
  std::vector<Key> keys = {boolean("enabled", true), typed("idnumber_pattern", Type::pattern, false, default_pattern)};
  keys.insert(keys.end(), own.begin(), own.end());
  return keys;
}

const std::vector<Key>& component_keys(const std::string& name) {
  static const std::vector<Key> none;
  const std::vector<Key>* keys = component_named(name).config_keys();
  return keys ? *keys : none;
}

// An integer key whose default depends on another key (the jsonapi source's keys).
Key bounded(std::string name, long long min, long long max) {
  Key k = typed(std::move(name), Type::integer);
  k.min = min;
  k.max = max;
  return k;
}

// The keys of a live source carry no schema default, so that a file source's settings stay as they
// were; jsonapi_source_defaults() fills them in for a jsonapi source.
std::vector<Key> source_keys() {
  return {word("type", {"file", "jsonapi"}, "file"), str("path"), typed("url", Type::url),
          word("auth", {"basic", "oauth"}, nullptr), typed("username_env", Type::env_name), typed("password_env", Type::env_name),
          typed("client_id_env", Type::env_name), typed("client_secret_env", Type::env_name), str("scope"),
          bounded("parallel_reads", 1, 16), bounded("overlap_seconds", 0, 86400), bounded("retries", 0, 10),
          bounded("timeout_seconds", 1, 3600)};
}

const json& jsonapi_source_defaults() {
  static const json defaults = {
      {"auth", "basic"},
      {"username_env", "DRUPAL_USERNAME"},
      {"password_env", "DRUPAL_PASSWORD"},
      {"client_id_env", "DRUPAL_CLIENT_ID"},
      {"client_secret_env", "DRUPAL_CLIENT_SECRET"},
      {"parallel_reads", 4},
      {"overlap_seconds", 60},
      {"retries", 3},
      {"timeout_seconds", 60},
  };
  return defaults;
}

// The serverless function: how it checks, batches and bounds the events Drupal posts. Every key
// has a default, so the section may be left out.
const std::vector<Key>& events_keys() {
  static const std::vector<Key> keys = [] {
    Key waits = typed("commit_waits_ms", Type::integer_list, false, json::array({250, 500, 1000, 2000, 4000}));
    waits.min = 0;
    waits.max = 60000;
    return std::vector<Key>{typed("secret_env", Type::env_name, false, "MOODLE_SYNC_EVENTS_SECRET"),
                            integer("window_ms", 0, 60000, 2000),
                            integer("max_events_per_window", 1, 100000, 1000),
                            integer("max_body_bytes", 1024, 104857600, 1048576),
                            integer("signature_max_age_seconds", 1, 86400, 300),
                            waits,
                            integer("budget_ms", 1000, 900000, 20000),
                            integer("lease_seconds", 1, 86400, 120),
                            typed("health_token_env", Type::env_name, false, "MOODLE_SYNC_HEALTH_TOKEN")};
  }();
  return keys;
}

const std::vector<Key>& top_level() {
  static const std::vector<Key> keys = {
      typed("$schema", Type::string),
      object("site", {typed("urls", Type::url_list, true)}, true),
      object("source", source_keys(), true),
      object("moodle", {typed("url", Type::url, true), typed("token_env", Type::env_name, false, "MOODLE_TOKEN"),
                        typed("token", Type::secret), boolean("allow_token_in_file", false),
                        integer("max_input_vars", 10, 1000000, 5000), integer("max_batch_items", 1, 10000, 100),
                        integer("max_request_bytes", 1024, 1073741824, 8388608), boolean("adaptive_batches", true),
                        integer("timeout_seconds", 1, 3600, 600), integer("retries", 0, 10, 3), integer("retry_delay_ms", 0, 60000, 500)}, true),
      object("removal_guard", {integer("max_share_percent", 0, 100, 10), integer("min_count", 1, 1000000, 20)}),
      object("events", events_keys()),
      typed("components", Type::sections, true),
  };
  return keys;
}

}  // namespace moodle_sync::config_schema
