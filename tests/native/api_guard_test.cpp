// Whatever goes wrong inside an operation, the JSON API answers {ok: false, error}: no C++
// exception leaves call_api (in WebAssembly it would reach JavaScript as a bare exception object).
#include <gtest/gtest.h>

#include <stdexcept>

#include "components/registry.hpp"
#include "moodle_sync/api.hpp"

namespace moodle_sync {
namespace {

// A component with a bug: planning it throws an exception no operation expects.
class FailingComponent : public Component {
 public:
  std::string name() const override { return "failing"; }
  std::string entity_type(const Config&) const override { return ""; }
  std::string moodle_table() const override { return "failing"; }
  std::vector<ComponentRead> reads(const Config&) const override { return {}; }
  const std::vector<config_schema::Key>* config_keys() const override {
    static const std::vector<config_schema::Key> keys;
    return &keys;
  }
  void check_config(const json&, const std::string&, std::vector<ConfigIssue>&) const override {}
  const std::vector<MoodleField>& moodle_fields() const override {
    static const std::vector<MoodleField> fields;
    return fields;
  }
  bool is_reserved_field(const std::string&) const override { return false; }
  json default_mapping() const override { return json::object(); }
  bool derives(const std::string&) const override { return false; }
  const char* customfield_key() const override { return "shortname"; }
  bool unreadable(const std::string&) const override { return false; }
  std::string object_noun() const override { return "thing"; }
  std::vector<std::string> required_functions(const Config&) const override { return {}; }
  ComponentBatches batches() const override { return {std::nullopt, std::nullopt, std::nullopt}; }
  std::optional<RemovalPlan> removal(const Config&) const override { return std::nullopt; }
  void start(Engine::State&) const override { throw std::logic_error("an unexpected state"); }
  bool plan_pass(Engine::State&) const override { return false; }
  const ObjectHooks* objects() const override { return nullptr; }
};

json preview_input() {
  return {{"config", {{"site", {{"urls", {"https://learn.example.edu"}}}},
                      {"source", {{"path", "export"}}},
                      {"moodle", {{"url", "https://moodle.example.edu"}}},
                      {"components", json::object()}}},
          {"site_url", "https://learn.example.edu"},
          {"documents", json::array()}};
}

TEST(ApiGuard, AnUnexpectedExceptionInsideAnOperationIsAnErrorAnswer) {
  static const FailingComponent failing;
  ComponentRegistration registration(failing);
  json answer;
  ASSERT_NO_THROW(answer = call_api("preview", preview_input()));
  EXPECT_EQ(answer, json::parse(R"json({"ok": false, "error": {"kind": "engine",
    "message": "preview: the core failed unexpectedly (an unexpected state)"}})json"));
  std::string text;
  ASSERT_NO_THROW(text = call_api_text("preview", preview_input().dump()));
  EXPECT_EQ(json::parse(text), answer);
}

}  // namespace
}  // namespace moodle_sync
