// Replaying the engine against scripted answers: the same decisions, checked by the same vectors
// natively and in WebAssembly, without a Moodle.
#include "moodle_sync/engine.hpp"

#include <algorithm>

#include "engine/outcome.hpp"
#include "moodle_sync/state_store.hpp"

namespace moodle_sync {
namespace {

json condensed_action(const json& a) {
  const std::string kind = a["kind"].get<std::string>();
  if (kind == "call") return {{"call", a["wsfunction"]}, {"params", a["params"]}};
  if (kind == "write_back") return {{"write_back", a["entity"]["label"]}, {"value", a["value"]}};
  if (kind == "write_fields") return {{"write_fields", a["entity"]["label"]}, {"fields", a["fields"]}};
  if (kind == "journal" || kind == "journal_replace") {
    json ids = json::array();
    for (const auto& r : a["records"]) {
      // Enrolment records carry no moodle id: they say who was enrolled where. A copy intent names
      // the shortname a template copy is being made under.
      if (r.contains("moodle_id")) ids.push_back(r["moodle_id"]);
      else if (r.value("kind", std::string()) == "high_water") ids.push_back("high_water " + r.value("type", std::string()) + " " + to_text(r.value("changed", json())));
      else if (r.value("kind", std::string()) == "pending") ids.push_back("pending " + r.value("type", std::string()) + " " + r.value("uuid", std::string()));
      else if (r.value("kind", std::string()) == "written") ids.push_back("written " + r.value("type", std::string()) + " " + r.value("uuid", std::string()) + " " + to_text(r.value("changed", json())));
      else if (r.value("kind", std::string()) == "resume") ids.push_back("resume " + r.value("mode", std::string()));
      else if (r.value("kind", std::string()) == "table_size")
        ids.push_back("table_size " + r.value("table", std::string()) + " " + to_text(r.value("rows", json())) + " rows " + to_text(r.value("bytes", json())) + " bytes");
      else if (r.value("kind", std::string()) == "copy") ids.push_back("copy of course " + to_text(r.value("template", json())) + " as " + r.value("shortname", std::string()));
      else if (r.value("kind", std::string()) == "enrolment")
        ids.push_back("enrolment " + to_text(r.value("userid", json())) + " in " + to_text(r.value("courseid", json())) + " as " +
                      to_text(r.value("roleid", json())) + ": " + r.value("status", std::string()) + (r.value("suspend", 0) ? " suspended" : "") +
                      (r.value("shared", false) ? " shared" : "") + (r.value("intent", false) ? " (intent)" : ""));
      else ids.push_back(r.value("kind", std::string()) + " " + to_text(r.value("userid", json())) + " in " +
                         to_text(r.value("courseid", json())) + ": " + r.value("status", std::string()));
    }
    return {{kind, ids}};
  }
  return a;
}

// A write to a Drupal entity: a moodle id's write-back, or a completion run's fields.
bool writes_drupal(const json& a) { return a["kind"] == "write_back" || a["kind"] == "write_fields"; }

json condensed_report(const json& report) {
  json entities = json::array();
  for (const auto& e : report["entities"]) {
    const json& id = e["id"];
    std::string name = id.is_null() ? e.value("uuid", std::string()) : id.is_string() ? id.get<std::string>() : to_text(id);
    json c = {{"entity", e["resource"].get<std::string>() + " " + name}, {"outcome", e["outcome"]}};
    if (!e["moodle_id"].is_null()) c["moodle_id"] = e["moodle_id"];
    if (e.contains("planned")) c["planned"] = e["planned"];
    json changed = json::array();
    for (const auto& item : e["changes"].items()) changed.push_back(item.key());
    if (!changed.empty() && outcome_from_string(e.value("outcome", std::string())) != Outcome::created) c["changed"] = changed;
    if (!e["error"].is_null()) c["error"] = e["error"]["message"];
    if (e["component"] == "completion") {
      // A completion run's entries say old -> new per field, and why a registration was not read.
      if (!e["changes"].empty()) c["changed"] = e["changes"];
      if (e.contains("note")) c["note"] = e["note"];
    }
    entities.push_back(c);
  }
  json out = {{"summary", report["summary"]}, {"entities", entities}};
  if (report.contains("fatal")) out["fatal"] = report["fatal"]["message"];
  if (report.contains("notes")) out["notes"] = report["notes"];
  if (report.contains("completion_answer")) out["completion_answer"] = report["completion_answer"];
  if (report.contains("stopped")) {
    out["stopped"] = report["stopped"];
    out["exit_code"] = report["exit_code"];
  }
  return out;
}

}  // namespace

json replay_engine(const json& input) {
  json error;
  auto engine = make_engine(input, error);
  if (!engine) return {{"ok", false}, {"error", error}};
  const json answers = input.value("answers", json::array());
  const json failing = input.value("write_back_errors", json::array());
  // `elapsed_ms_per_action`: the host's measured duration of every action (a scripted answer may
  // carry its own `elapsed_ms`): the clock of a run with a time budget, as data.
  const json elapsed = input.value("elapsed_ms_per_action", json());
  auto feed = [&engine, &elapsed](json result) {
    if (elapsed.is_number() && result.is_object() && !result.contains("elapsed_ms")) result["elapsed_ms"] = elapsed;
    engine->feed(result);
  };
  std::size_t next_answer = 0;
  json actions = json::array();
  for (int guard = 0; guard < 10000; ++guard) {
    json a = engine->next();
    if (a["kind"] == "done") break;
    if (a["kind"] == "journal_replace") a["records"] = journal_records(engine->journal_text());  // as a store reads it back
    // What the store keeps is shown when a vector asks for it (`show_kept_state`).
    if (a["kind"] != "journal_replace" || input.value("show_kept_state", false)) actions.push_back(condensed_action(a));
    if (a["kind"] == "call") {
      try {
        feed(next_answer < answers.size() ? answers[next_answer++] : json{{"status", 0}, {"transport_error", "no scripted answer"}});
      } catch (const std::exception& e) {
        engine->stop(std::string("an answer could not be handled: ") + e.what());
      }
    } else if (writes_drupal(a) && std::find(failing.begin(), failing.end(), a["entity"]["label"]) != failing.end()) {
      feed({{"ok", false}, {"error", "the export is read-only"}});
    } else if (auto refused = std::find_if(failing.begin(), failing.end(), [&](const json& f) {
                 return writes_drupal(a) && f.is_object() && f.value("label", json()) == a["entity"]["label"];
               });
               refused != failing.end()) {
      json answer = *refused;  // the source's classified answer
      answer.erase("label");
      answer["ok"] = false;
      feed(answer);
    } else if (a["kind"] == "write_back" && input.contains("write_back_changed")) {
      feed({{"ok", true}, {"changed", input["write_back_changed"]}});  // a live source's answer: the entity's new `changed`
    } else {
      feed({{"ok", true}});
    }
  }
  return {{"ok", true}, {"value", {{"actions", actions}, {"report", condensed_report(engine->report())}}}};
}

}  // namespace moodle_sync
