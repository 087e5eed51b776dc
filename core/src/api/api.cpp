#include "moodle_sync/api.hpp"

#include <functional>
#include <map>
#include <optional>
#include <stdexcept>

#include "components/completion/completion_gate.hpp"
#include "components/completion/push_decide.hpp"
#include "config/url_safety.hpp"
#include "drupal/drupal_access_check.hpp"
#include "events/event_answer.hpp"
#include "events/event_gate.hpp"
#include "events/event_parse.hpp"
#include "events/event_reads.hpp"
#include "events/event_settle.hpp"
#include "events/health.hpp"
#include "json/json_write.hpp"
#include "engine/report_digest.hpp"
#include "engine/run_lock.hpp"
#include "engine/removal_guard.hpp"
#include "engine/moodle_reads.hpp"
#include "engine/read_forms.hpp"
#include "runs/lease.hpp"
#include "runs/sync_request.hpp"
#include "moodle/entity_diff.hpp"
#include "moodle/site_functions.hpp"
#include "moodle_sync/config.hpp"
#include "moodle_sync/document_set.hpp"
#include "moodle_sync/drupal_source.hpp"
#include "moodle_sync/engine.hpp"
#include "moodle_sync/entity.hpp"
#include "moodle_sync/json_text.hpp"
#include "moodle_sync/mapping.hpp"
#include "moodle_sync/moodle_answer.hpp"
#include "moodle_sync/moodle_fields.hpp"
#include "moodle_sync/moodle_id.hpp"
#include "moodle_sync/required_functions.hpp"
#include "moodle_sync/site_guard.hpp"
#include "moodle_sync/rest_request.hpp"

namespace moodle_sync {
namespace {

// A malformed request to the API itself (not a sync problem): named by the input key.
struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

const json& need(const json& input, const char* key) {
  if (!input.is_object() || !input.contains(key)) throw InputError(std::string("missing input \"") + key + "\"");
  return input[key];
}

std::string need_string(const json& input, const char* key) {
  const json& v = need(input, key);
  if (!v.is_string()) throw InputError(std::string("input \"") + key + "\" must be a string");
  return v.get<std::string>();
}

// The value is moved in: a braced list would copy it (a whole plan, for some operations).
json ok(json value) {
  json answer = {{"ok", true}, {"value", nullptr}};
  answer["value"] = std::move(value);
  return answer;
}

json failure(const std::string& kind, const std::string& message, json extra = json::object()) {
  json error = {{"kind", kind}, {"message", message}};
  for (auto& [k, v] : extra.items()) error[k] = v;
  return {{"ok", false}, {"error", error}};
}

json config_failure(const std::vector<ConfigIssue>& issues, const std::string& file) {
  json list = json::array();
  for (const auto& i : issues) list.push_back(to_json(i));
  std::string message = format_issues(issues, file);
  if (!message.empty()) message.pop_back();
  return failure("config", message, {{"issues", list}});
}

json op_load_config(const json& in) {
  std::string file = in.value("file", "config.json");
  ConfigResult r = in.contains("text") ? load_config(need_string(in, "text"), file) : load_config(need(in, "config"));
  if (!r.ok()) return config_failure(r.issues, file);
  json mappings = json::object();
  for (const auto& [component, m] : r.config.mappings) {
    json rules = json::object();
    for (const auto& rule : m.fields) rules[rule.target] = rule.source_text();
    json custom = json::object();
    for (const auto& rule : m.customfields) custom[rule.target] = rule.source_text();
    mappings[component] = {{"fields", rules}};
    if (!custom.empty()) mappings[component]["customfields"] = custom;
  }
  json out = {{"settings", r.config.settings}, {"mappings", mappings}};
  if (json warnings = config_warnings_json(r.config.settings); !warnings.empty()) out["warnings"] = std::move(warnings);
  return ok(out);
}

json op_decide_moodle_id(const json& in) {
  MoodleIdDecision d = decide_moodle_id(in.contains("value") ? in["value"] : json());
  json out = {{"action", to_string(d.action)}};
  if (d.action == MoodleIdAction::update) out["moodle_id"] = d.moodle_id;
  if (d.action == MoodleIdAction::ignore) out["reason"] = d.reason;
  return ok(out);
}

json op_map_entity(const json& in) {
  std::string component = need_string(in, "component");
  std::vector<ConfigIssue> issues;
  const json* mapping = in.contains("mapping") ? &in["mapping"] : nullptr;
  const json* custom = in.contains("customfields") ? &in["customfields"] : nullptr;
  if (!is_component(component)) return config_failure({{"$.components." + component, "unknown component"}}, in.value("file", "config.json"));
  Mapping m = parse_mapping(mapping, custom, component, "$.components." + component, issues);
  if (!issues.empty()) return config_failure(issues, in.value("file", "config.json"));
  EntityStore store;
  try {
    for (const auto& doc : in.value("documents", json::array())) store.add_document(doc, "documents");
    Entity entity = parse_entity(need(in, "entity"), "entity");
    store.add(entity);
    return ok(to_json(map_entity(entity, m, component, store)));
  } catch (const EntityFormatError& e) {
    return failure("entity", e.what());
  }
}

json op_encode_call(const json& in) {
  std::size_t budget = in.value("budget", kDefaultMaxInputVars);
  if (!need(in, "params").is_object()) throw InputError("input \"params\" must be an object");
  try {
    EncodedCall c = encode_call(need_string(in, "wsfunction"), need(in, "params"), budget);
    return ok({{"body", c.body}, {"variables", c.variables}});
  } catch (const std::invalid_argument& e) {
    return failure("budget", e.what());
  }
}

json op_decode_answer(const json& in) {
  std::vector<std::string> secrets = in.value("secrets", std::vector<std::string>{});
  return ok(to_json(decode_answer(http_reply_from_json(in), secrets)));
}

json op_plan_batches(const json& in) {
  try {
    auto batches = plan_batches(need(in, "items").get<std::vector<std::size_t>>(), in.value("other_variables", kFixedVariables),
                                in.value("budget", kDefaultMaxInputVars), in.value("max_items", std::size_t{0}));
    json out = json::array();
    for (const auto& b : batches) out.push_back({{"begin", b.begin}, {"end", b.end}});
    return ok(out);
  } catch (const std::invalid_argument& e) {
    return failure("budget", e.what());
  }
}

// The plan against an empty Moodle: the plan function with an empty snapshot.
json preview_input(json input) {
  input["snapshot"] = json::object();
  return input;
}

json op_preview(json input) { return plan_sync(preview_input(std::move(input))); }

// The removal guard alone, for its vectors: {entities: [{component, intent, objects?, removals?}],
// removal_guard: {max_share_percent, min_count}, allow_removals} -> the verdict.
json op_removal_guard(const json& in) {
  if (!need(in, "entities").is_array()) throw InputError("input \"entities\" must be an array");
  return ok(decide_removal_guard(in["entities"], in.value("removal_guard", json::object()), in.value("allow_removals", false)));
}

// What the configuration needs from Moodle and whether the source may write: for `check`. Given
// `site_info` (core_webservice_get_site_info's decoded answer), also what the service lacks.
json op_check_setup(const json& in) {
  std::string file = in.value("file", "config.json");
  ConfigResult r = in.contains("text") ? load_config(need_string(in, "text"), file) : load_config(need(in, "config"));
  if (!r.ok()) return config_failure(r.issues, file);
  json functions = json::object();
  for (const auto& [component, list] : required_functions(r.config)) functions[component] = list;
  json out = {{"required_functions", functions}, {"site_guard", to_json(check_site_guard(r.config, source_sites_of(in)))}};
  if (in.contains("site_info")) out["moodle"] = check_site_functions(r.config, in["site_info"]);
  if (json warnings = config_warnings_json(r.config.settings); !warnings.empty()) out["warnings"] = std::move(warnings);
  return ok(out);
}

// `check` of a live Drupal source: {text, file, answers} -> the next reads and the verdicts.
json op_drupal_access_check(const json& in) {
  std::string file = in.value("file", "config.json");
  ConfigResult r = in.contains("text") ? load_config(need_string(in, "text"), file) : load_config(need(in, "config"));
  if (!r.ok()) return config_failure(r.issues, file);
  json answers = in.value("answers", json::object());
  if (!answers.is_object()) throw InputError("input \"answers\" must be an object");
  return ok(drupal::drupal_access_check(r.config, answers));
}

json op_digest_report(const json& in) {
  try {
    return ok(digest_report(in));
  } catch (const std::invalid_argument& e) {
    throw InputError(e.what());
  }
}

// The site guard alone: {config | text, site_url, site_url_from, documents} -> the decision.
json op_site_guard(const json& in) {
  std::string file = in.value("file", "config.json");
  ConfigResult r = in.contains("text") ? load_config(need_string(in, "text"), file) : load_config(need(in, "config"));
  if (!r.ok()) return config_failure(r.issues, file);
  return ok(to_json(check_site_guard(r.config, source_sites_of(in))));
}

// The fields a sync would send: a mapped item against Moodle's record of it (as read back).
json op_diff_fields(const json& in) {
  std::string component = need_string(in, "component");
  if (!is_component(component)) throw InputError("unknown component \"" + component + "\"");
  const json& item = need(in, "item");
  const json& record = need(in, "record");
  if (!item.is_object() || !record.is_object()) throw InputError("inputs \"item\" and \"record\" must be objects");
  return ok(diff_fields(component, item, record));
}

json op_redact(const json& in) {
  return ok(redact(need_string(in, "text"), in.value("secrets", std::vector<std::string>{})));
}

// The JSON:API reads of a run: {text | config, file, mode, since?, journal?, uuids?}.
json op_source_queries(const json& in) {
  std::string file = in.value("file", "config.json");
  ConfigResult r = in.contains("text") ? load_config(need_string(in, "text"), file) : load_config(need(in, "config"));
  if (!r.ok()) return config_failure(r.issues, file);
  try {
    return ok(source_queries(r.config, in));
  } catch (const DrupalInputError& e) {
    throw InputError(e.what());
  }
}

// A document set driven by a script, for its vectors: {text | config, file, steps: [{url, query, date?,
// body | document} | {followups: true} | {gone: add_gone's answer}], engine?: replay_engine's input without documents}
// -> {steps: [each answer], read, engine?: the replay of an engine given the set's documents}.
json op_read_drupal(const json& in) {
  json error;
  auto set = make_document_set(in, error);
  if (!set) return {{"ok", false}, {"error", error}};
  json steps = json::array();
  for (const auto& step : in.value("steps", json::array())) {
    if (step.value("followups", false)) {
      steps.push_back(set->followups());
      continue;
    }
    if (step.contains("gone")) {
      steps.push_back(set->add_gone(step["gone"]));
      continue;
    }
    std::string body = step.contains("document") ? to_text(step["document"]) : step.value("body", std::string());
    steps.push_back(set->add(step.value("url", std::string()), step.value("query", json()), body, step.value("date", std::string())));
  }
  json out = {{"steps", steps}, {"read", set->read_scope()}};
  if (in.contains("engine")) {
    json engine = with_documents(in["engine"], *set);
    for (const char* key : {"text", "config", "file"}) {
      if (in.contains(key) && !engine.contains(key)) engine[key] = in[key];
    }
    out["engine"] = replay_engine(engine);
  }
  return ok(out);
}

// The completion receiver's gate: {method, path_secret?, authorization?, content_type?,
// content_length?, secret, max_bytes} -> {accept: true} | {accept: false, status, body, headers?}.
json op_completion_request(const json& in) {
  try {
    return ok(completion_request(in));
  } catch (const std::invalid_argument& e) {
    throw InputError(e.what());
  }
}

// The Drupal courses a push body concerns: {text | config, file?, payload, content_type?} ->
// {course_ids: [ids] | null}; null: read every registration (the event form names Moodle ids).
json op_completion_push_scope(const json& in) {
  std::string file = in.value("file", "config.json");
  ConfigResult r = in.contains("text") ? load_config(need_string(in, "text"), file) : load_config(need(in, "config"));
  if (!r.ok()) return config_failure(r.issues, file);
  return ok(push_scope(r.config, need_string(in, "payload"), in.value("content_type", std::string())));
}

// The answer to a push that could not be applied: {busy} -> {accept: false, status, body, headers?}.
json op_completion_failure(const json& in) {
  try {
    return ok(completion_failure(in));
  } catch (const std::invalid_argument& e) {
    throw InputError(e.what());
  }
}

// Whether the receiver may start with its secret: {secret_env, secret?} -> {usable, problem?}.
json op_completion_secret_check(const json& in) {
  try {
    return ok(completion_secret_check(in));
  } catch (const std::invalid_argument& e) {
    throw InputError(e.what());
  }
}

// A lease in a shared store: {key, me: {holder}, held, now, ttl_seconds} -> {decision, record, message?}.
json op_lease(const json& in) {
  try {
    return ok(decide_lease(in));
  } catch (const std::invalid_argument& e) {
    throw InputError(e.what());
  }
}

// An op of the events function whose input is plain data: its std::invalid_argument is an input error.
json checked(json (*op)(const json&), const json& in) {
  try {
    return ok(op(in));
  } catch (const std::invalid_argument& e) {
    throw InputError(e.what());
  }
}

// What a /sync request asks: {journal, body?, default_budget_ms} -> {reads, budget_ms, resumed}. A
// body that cannot be honoured is the request's fault: the error carries the 400 answer to give.
json op_sync_request(const json& in) {
  try {
    return ok(decide_sync_request(in));
  } catch (const SyncRequestError& e) {
    return failure("input", e.what(), {{"status", 400}, {"body", {{"message", "Invalid input."}, {"problem", e.what()}}}});
  }
}

// An op of the events function that needs the configuration ({text | config, file, ...}).
json with_config(json (*op)(const Config&, const json&), const json& in) {
  std::string file = in.value("file", "config.json");
  ConfigResult r = in.contains("text") ? load_config(need_string(in, "text"), file) : load_config(need(in, "config"));
  if (!r.ok()) return config_failure(r.issues, file);
  try {
    return ok(op(r.config, in));
  } catch (const std::invalid_argument& e) {
    throw InputError(e.what());
  }
}

// A body that is no valid event: the message is the JSON path and the problem; `answer` is the
// 400 the host gives the sender, the same in every host.
json op_event_parse(const json& in) {
  try {
    return with_config(event_parse, in);
  } catch (const EventInputError& e) {
    return failure("input", e.what(), {{"answer", {{"status", 400}, {"body", {{"message", "Invalid input."}, {"problem", e.what()}}}}}});
  }
}

json op_event_secret_check(const json& in) {
  return checked([](const json& i) { return secret_check(i, "events", "events.secret_env"); }, in);
}

const std::map<std::string, std::function<json(const json&)>>& operations() {
  static const std::map<std::string, std::function<json(const json&)>> ops = {
      {"load_config", op_load_config},   {"decide_moodle_id", op_decide_moodle_id},
      {"map_entity", op_map_entity},     {"encode_call", op_encode_call},
      {"decode_answer", op_decode_answer}, {"plan_batches", op_plan_batches},
      {"redact", op_redact},
      {"check_setup", op_check_setup},   {"site_guard", op_site_guard},
      {"replay_engine", replay_engine}, {"diff_fields", op_diff_fields},
      {"run_lock", [](const json& in) { return ok(decide_run_lock(in)); }},
      {"digest_report", op_digest_report},
      {"moodle_reads", [](const json&) { return ok({{"functions", moodle_reads()}}); }},
      {"read_form", [](const json& in) { return checked(read_form_answer, in); }},
      {"drupal_access_check", op_drupal_access_check},
      {"removal_guard", op_removal_guard},
      {"source_queries", op_source_queries}, {"read_drupal", op_read_drupal},
      {"drupal_answer", [](const json& in) { return ok(drupal_answer(in)); }},
      {"completion_request", op_completion_request},
      {"completion_secret_check", op_completion_secret_check},
      {"completion_push_scope", op_completion_push_scope},
      {"completion_failure", op_completion_failure},
      {"lease", op_lease},
      {"sync_request", op_sync_request},
      {"event_gate", [](const json& in) { return checked(event_gate, in); }},
      {"event_parse", op_event_parse},
      {"event_reads", [](const json& in) { return with_config(event_reads, in); }},
      {"event_settle", [](const json& in) { return with_config(event_settle, in); }},
      {"event_answer", [](const json& in) { return checked(event_answer, in); }},
      {"event_secret_check", op_event_secret_check},
      {"health_request", [](const json& in) { return checked(health_request, in); }},
      {"health_answer", [](const json& in) { return checked(health_answer, in); }},
  };
  return ops;
}

// Operations that take their input over: a site's documents move into the engine, not a copy of them.
const std::map<std::string, std::function<json(json)>>& consuming_operations() {
  static const std::map<std::string, std::function<json(json)>> ops = {
      {"preview", op_preview},
      {"plan", plan_sync},
  };
  return ops;
}

// One operation with the input its table wants: `input` is moved from when the operation consumes it.
json dispatch(const std::string& operation, const json& input, json* owned) {
  if (auto it = consuming_operations().find(operation); it != consuming_operations().end()) {
    return it->second(owned ? std::move(*owned) : input);
  }
  auto it = operations().find(operation);
  if (it == operations().end()) return failure("input", "unknown operation \"" + operation + "\"");
  return it->second(input);
}

// The answer that names the exception being handled (called from a catch block).
json failure_of_current_exception(const std::string& operation) {
  try {
    throw;
  } catch (const InputError& e) {
    return failure("input", operation + ": " + e.what());
  } catch (const json::exception& e) {
    return failure("input", operation + ": " + e.what());
  } catch (const std::exception& e) {
    // A failure no operation expected (a bug, memory exhausted): an answer all the same, never an
    // exception thrown across the boundary (WebAssembly would give JavaScript a bare exception object).
    return failure("engine", operation + ": the core failed unexpectedly (" + e.what() + ")");
  }
}

json guarded_dispatch(const std::string& operation, const json& input, json* owned) {
  try {
    return dispatch(operation, input, owned);
  } catch (const std::exception&) {
    return failure_of_current_exception(operation);
  }
}

// Operations whose answer is written as it is made, never built as a tree first: a plan of a whole
// site as a tree costs several times its text. The same bytes as the text of their tree's answer.
// They take an engine's input, its documents read already (read_engine_input).
using WritingOperation = std::function<std::string(json, bool, std::optional<EntityStore>)>;
const std::map<std::string, WritingOperation>& writing_operations() {
  static const std::map<std::string, WritingOperation> ops = {
      {"preview", [](json input, bool ascii, std::optional<EntityStore> documents) {
         return plan_sync_text(preview_input(std::move(input)), ascii, std::move(documents));
       }},
      {"plan", plan_sync_text},
  };
  return ops;
}

}  // namespace

json call_api(const std::string& operation, const json& input) { return guarded_dispatch(operation, input, nullptr); }

std::string call_api_text(const std::string& operation, const std::string& input_json, bool ascii) {
  auto writing = writing_operations().find(operation);
  EngineInput read = writing != writing_operations().end() ? read_engine_input(input_json) : EngineInput{parse_json(input_json), std::nullopt};
  ParsedJson& parsed = read.parsed;
  if (!parsed.ok) return json_write(failure("input", operation + ": the input is " + (parsed.too_deep ? parsed.message : "not valid JSON")), ascii);
  json input = std::move(parsed.value);
  if (writing != writing_operations().end()) {
    try {
      return writing->second(std::move(input), ascii, std::move(read.documents));
    } catch (const std::exception&) {
      return json_write(failure_of_current_exception(operation), ascii);
    }
  }
  // Text from outside (Moodle's answers, the export) may hold invalid UTF-8: replace, never throw.
  return json_write(guarded_dispatch(operation, input, &input), ascii);
}

const char* core_version() { return "0.1.0"; }

}  // namespace moodle_sync
