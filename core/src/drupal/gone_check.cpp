// The evidence that an entity an event said was deleted is gone: its own GET answered a JSON:API
// 404 for it. Drupal posts the event before its transaction commits, and a delete may be rolled
// back; a 403 says only that the account may not see it, a proxy's 404 page or Drupal's "No route
// found" (a type JSON:API does not expose) says nothing of the entity. None of those removes anything.
#include "moodle_sync/json_text.hpp"
#include "drupal/document_set_state.hpp"
#include "drupal/resource_type.hpp"
#include "drupal/url_text.hpp"
#include "events/request_gate.hpp"
#include "moodle_sync/drupal_source.hpp"
#include "moodle_sync/transforms.hpp"

namespace moodle_sync {
namespace {

json not_gone(const std::string& cls, const std::string& message) {
  return {{"ok", false}, {"gone", false}, {"error", {{"class", cls}, {"message", message}}}};
}

bool jsonapi_media_type(const std::string& content_type) {
  return ascii_lower(trimmed(content_type.substr(0, content_type.find(';')))) == "application/vnd.api+json";
}

// The first error object of a JSON:API error document, when its status is 404.
const json* not_found_error(const json& doc) {
  if (!doc.is_object() || !doc.contains("errors") || !doc["errors"].is_array() || doc["errors"].empty()) return nullptr;
  const json& e = doc["errors"][0];
  if (!e.is_object()) return nullptr;
  const json status = e.value("status", json());
  return status == "404" || status == 404 ? &e : nullptr;
}

// Whether the answer to the gone check's id read (the collection filtered by the event's Drupal
// id) shows that no entity has that id: a JSON:API collection with no data and nothing hidden.
bool id_shown_free(const json& answer) {
  if (!answer.is_object() || answer.value("status", json()) != 200) return false;
  if (!jsonapi_media_type(answer.value("content_type", std::string()))) return false;
  const json doc = parse_json_or_discarded(answer.value("body", std::string()));
  if (!doc.is_object() || !doc.contains("data") || !doc["data"].is_array() || !doc["data"].empty()) return false;
  const json meta = doc.value("meta", json::object());
  return !(meta.is_object() && meta.contains("omitted"));
}

}  // namespace

json DocumentSet::add_gone(const json& in) {
  State& s = *s_;
  if (!in.is_object() || !in.value("type", json()).is_string() || !in.value("uuid", json()).is_string()) {
    return not_gone("protocol", "a gone check needs {type, uuid, url, status, body, content_type}");
  }
  const std::string type = in["type"].get<std::string>(), uuid = in["uuid"].get<std::string>();
  const std::string url = in.value("url", std::string());
  const std::string what = type + " " + uuid + " (GET " + drupal::url_for_message(url) + ")";
  const json status = in.value("status", json());
  if (!status.is_number_integer()) return not_gone("protocol", what + ": no HTTP status given");
  if (s.held(type, uuid)) return {{"ok", true}, {"gone", false}};  // read in this run: it is there
  if (status.get<long long>() >= 200 && status.get<long long>() < 300) return {{"ok", true}, {"gone", false}};  // still there
  if (status.get<long long>() != 404) {
    json answer = in;
    answer["method"] = "GET";
    json said = drupal_answer(answer);
    std::string message = said.value("error", json::object()).value("message", what + " answered " + to_text(status));
    return not_gone(said.value("error", json::object()).value("class", std::string("protocol")),
                    message + ": not taken as a deletion, nothing is removed for it");
  }
  const json doc = parse_json_or_discarded(in.value("body", std::string()));
  const json* error = jsonapi_media_type(in.value("content_type", std::string())) ? not_found_error(doc) : nullptr;
  const std::string detail = error ? error->value("detail", std::string()) : "";
  if (!error || detail.rfind("No route found", 0) == 0) {
    return not_gone("protocol", what + " answered 404 without JSON:API's answer for a missing entity" +
                                    (detail.empty() ? std::string() : " (" + detail + ")") +
                                    ": not taken as a deletion, nothing is removed for it");
  }
  json entry = {{"uuid", uuid}};
  std::string note;
  if (in.contains("id") && (in["id"].is_string() || in["id"].is_number_integer())) {
    // The event's id is trusted only when Drupal shows no entity with that id (id_answer): a wrong
    // or replayed payload must not name a live entity's Moodle object.
    if (id_shown_free(in.value("id_answer", json()))) {
      entry["id"] = in["id"];
    } else {
      note = what + ": the event's id " + to_text(in["id"]) +
             " is not used (Drupal did not show that no entity has it); only the journal's id names its Moodle object";
    }
  }
  json& list = s.gone.emplace(type, json::array()).first->second;
  json said = {{"ok", true}, {"gone", true}};
  if (!note.empty()) said["note"] = note;
  for (const auto& e : list) {
    if (e["uuid"] == uuid) return said;
  }
  list.push_back(std::move(entry));
  return said;
}

}  // namespace moodle_sync
