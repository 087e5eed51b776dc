#include "moodle_sync/preview.hpp"

#include <algorithm>

#include "moodle_sync/component_entities.hpp"
#include "moodle_sync/mapping.hpp"
#include "moodle_sync/moodle_id.hpp"
#include "moodle_sync/rest_request.hpp"
#include "moodle_sync/site_guard.hpp"

namespace moodle_sync {
namespace {

struct ComponentCalls {
  const char* component;
  const char* create_function;
  const char* update_function;
  const char* list_key;
};

// Components in dependency order: what others refer to comes first.
const ComponentCalls kComponents[] = {
    {"categories", "core_course_create_categories", "core_course_update_categories", "categories"},
    {"templates", "core_course_create_courses", "core_course_update_courses", "courses"},
    {"courses", "core_course_create_courses", "core_course_update_courses", "courses"},
    {"users", "core_user_create_users", "core_user_update_users", "users"},
    {"cohorts", "core_cohort_create_cohorts", "core_cohort_update_cohorts", "cohorts"},
};

// Fields only a create takes, per component (auth and password policy, cohort context).
void add_create_only_fields(const Config& config, const std::string& component, json& item) {
  const json& c = config.component(component);
  if (component == "users") {
    item["auth"] = c.value("auth", "manual");
    if (c.value("password", "create") == "create" && !item.contains("password")) item["createpassword"] = 1;
  } else if (component == "cohorts") {
    item["categorytype"] = {{"type", "system"}, {"value", ""}};
  }
}

json encode_batches(const std::string& wsfunction, const char* list_key, const json& items, const Config& config) {
  json calls = json::array();
  if (items.empty()) return calls;
  const json& moodle = config.settings["moodle"];
  std::size_t budget = moodle.value("max_input_vars", kDefaultMaxInputVars);
  std::vector<std::size_t> sizes;
  for (const auto& item : items) sizes.push_back(count_variables(item));
  for (const Batch& b : plan_batches(sizes, kFixedVariables, budget, moodle.value("max_batch_items", std::size_t{100}))) {
    json batch(items.begin() + static_cast<long>(b.begin), items.begin() + static_cast<long>(b.end));
    EncodedCall call = encode_call(wsfunction, {{list_key, batch}}, budget);
    calls.push_back({{"wsfunction", wsfunction}, {"items", b.end - b.begin}, {"variables", call.variables}, {"body", call.body}});
  }
  return calls;
}

}  // namespace

json preview_sync(const Config& config, const EntityStore& store, const SourceSites& sources) {
  json out = {{"site_guard", to_json(check_site_guard(config, sources))}};
  json components = json::array();
  json summary = {{"create", 0}, {"update", 0}, {"ignore", 0}, {"waiting", 0}, {"failed", 0}};
  for (const auto& cc : kComponents) {
    if (!config.enabled(cc.component)) continue;
    const Mapping& mapping = config.mappings.at(cc.component);
    std::string type = entity_type_of(config, cc.component);
    std::string pattern = config.component(cc.component).value("idnumber_pattern", "{id}");
    json entities = json::array();
    json creates = json::array();
    json updates = json::array();
    for (const Entity* e : store.of_type(type)) {
      auto mid = e->attributes.find("field_moodle_id");
      MoodleIdDecision d = decide_moodle_id(mid == e->attributes.end() ? json() : *mid);
      json row = {{"entity", e->label()}, {"action", to_string(d.action)}};
      if (d.action == MoodleIdAction::ignore) {
        row["reason"] = d.reason;
        summary["ignore"] = summary["ignore"].get<int>() + 1;
        entities.push_back(row);
        continue;
      }
      MappedEntity mapped = map_entity(*e, mapping, cc.component, store);
      add_derived_fields(config, cc.component, *e, store, mapped.fields, mapped.issues);
      json item = json::object();
      if (d.action == MoodleIdAction::update) {
        row["moodle_id"] = d.moodle_id;
        item["id"] = d.moodle_id;
      }
      row["idnumber"] = idnumber_for(pattern, *e);
      for (auto& [k, v] : mapped.fields.items()) item[k] = v;
      item["idnumber"] = row["idnumber"];
      if (!mapped.customfields.empty()) item["customfields"] = mapped.customfields;
      row["fields"] = item;
      if (!mapped.ok()) {
        json issues = json::array();
        for (const auto& i : mapped.issues) issues.push_back(to_json(i));
        row["issues"] = issues;
        bool waiting = std::all_of(mapped.issues.begin(), mapped.issues.end(), [](const EntityIssue& i) { return i.pending; });
        row["action"] = waiting ? "waiting" : "failed";
        summary[waiting ? "waiting" : "failed"] = summary[waiting ? "waiting" : "failed"].get<int>() + 1;
      } else if (d.action == MoodleIdAction::create) {
        add_create_only_fields(config, cc.component, item);
        creates.push_back(item);
        summary["create"] = summary["create"].get<int>() + 1;
      } else {
        if (std::string(cc.component) == "cohorts") item["categorytype"] = {{"type", "system"}, {"value", ""}};
        updates.push_back(item);
        summary["update"] = summary["update"].get<int>() + 1;
      }
      entities.push_back(row);
    }
    json calls = encode_batches(cc.create_function, cc.list_key, creates, config);
    for (auto& c : encode_batches(cc.update_function, cc.list_key, updates, config)) calls.push_back(c);
    components.push_back({{"component", cc.component}, {"entity_type", type}, {"entities", entities}, {"calls", calls}});
  }
  out["components"] = components;
  out["summary"] = summary;
  return out;
}

}  // namespace moodle_sync
