// What one answer of Drupal's JSON:API means for a run: fine, retry later, or a problem a person
// fixes (the site's setup, the account, one entity's field). Messages name the request and the
// entity, never a credential.
#include <algorithm>
#include <cmath>

#include "moodle_sync/json_text.hpp"
#include "drupal/url_text.hpp"
#include "moodle_sync/drupal_source.hpp"
#include "moodle_sync/moodle_answer.hpp"
#include "moodle_sync/transforms.hpp"

namespace moodle_sync {
namespace {

// The first delay of a retry, doubled at each attempt, up to a minute.
constexpr long long kRetryBaseMs = 1000;
constexpr long long kRetryMaxMs = 60000;
constexpr long long kRetryAfterMaxMs = 300000;

struct Answer {
  const json& in;
  std::string method, url, what;  // what: "PATCH https://site/jsonapi/node/course/<uuid>"
  int status = 0;
  json doc;                       // the parsed body, null when it is not JSON

  explicit Answer(const json& input) : in(input) {
    method = in.value("method", std::string("GET"));
    url = in.value("url", std::string());
    what = method + " " + drupal::url_for_message(url);
    status = in.value("status", 0);
    doc = parse_json_or_discarded(in.value("body", std::string()));
    if (doc.is_discarded()) doc = json();
  }

  const json* first_error() const {
    if (!doc.is_object() || !doc.contains("errors") || !doc["errors"].is_array() || doc["errors"].empty()) return nullptr;
    return doc["errors"][0].is_object() ? &doc["errors"][0] : nullptr;
  }
  std::string detail() const {
    const json* e = first_error();
    if (!e) return "";
    std::string d = e->contains("detail") && (*e)["detail"].is_string() ? (*e)["detail"].get<std::string>() : e->value("title", std::string());
    return d;
  }
  // "field_moodle_id" from "/data/attributes/field_moodle_id" (or a relationship's pointer).
  std::string pointer_field() const {
    const json* e = first_error();
    if (!e || !e->contains("source") || !(*e)["source"].is_object()) return "";
    std::string p = (*e)["source"].value("pointer", std::string());
    for (const char* prefix : {"/data/attributes/", "/data/relationships/"}) {
      if (p.rfind(prefix, 0) == 0) return p.substr(std::string(prefix).size(), p.find('/', std::string(prefix).size()) - std::string(prefix).size());
    }
    return "";
  }
};

bool field_like(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

// A 422 without a pointer names the attribute in its detail: "The attribute field_x does not
// exist on the node--course resource type." or "title: Title: this field cannot hold more than 1 values.".
std::string field_in_detail(const std::string& detail) {
  const std::string attr = "attribute ";
  if (auto at = detail.find(attr); at != std::string::npos) {
    std::string word = detail.substr(at + attr.size(), detail.find(' ', at + attr.size()) - at - attr.size());
    if (field_like(word)) return word;
  }
  std::string head = detail.substr(0, detail.find(':'));
  return head.size() < detail.size() && field_like(head) ? head : "";
}

std::string site_of(const std::string& url) {
  auto scheme = url.find("://");
  auto path = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  return path == std::string::npos ? url : url.substr(0, path);
}

json failure(const std::string& cls, std::string message, const json& in, json retry = json(), const std::string& field = "") {
  json error = {{"class", cls}, {"message", redact(std::move(message), in.value("secrets", std::vector<std::string>{}))}};
  if (!field.empty()) error["field"] = field;
  return {{"ok", false}, {"retry_delay_ms", retry}, {"error", error}};
}

json retry_delay(const Answer& a) {
  long long attempt = std::max(1LL, a.in.value("attempt", 1LL));
  if (attempt > a.in.value("retries", 3LL)) return json();
  const json& headers = a.in.value("headers", json::object());
  std::string after = headers.is_object() ? headers.value("retry-after", std::string()) : std::string();
  if (!after.empty() && after.size() < 7 && after.find_first_not_of("0123456789") == std::string::npos) {
    return std::min(std::stoll(after) * 1000, kRetryAfterMaxMs);
  }
  return std::min(kRetryBaseMs << std::min(attempt - 1, 16LL), kRetryMaxMs);
}

std::string entity_prefix(const json& in) {
  const json& entity = in.value("entity", json::object());
  std::string label = entity.is_object() ? entity.value("label", std::string()) : std::string();
  return label.empty() ? "" : label + ": ";
}

// A PATCH is confirmed only by the value coming back: a 200 without it may not have been saved.
json check_patched_value(const Answer& a) {
  const std::string field = a.in.value("field", std::string());
  const json& sent = a.in["value"];
  const json* got = nullptr;
  if (a.doc.is_object() && a.doc.contains("data") && a.doc["data"].is_object() && a.doc["data"].contains("attributes") &&
      a.doc["data"]["attributes"].is_object() && a.doc["data"]["attributes"].contains(field)) {
    got = &a.doc["data"]["attributes"][field];
  }
  if (got && (*got == sent || (got->is_string() && !sent.is_string() && got->get<std::string>() == to_text(sent)))) {
    return {{"ok", true}};
  }
  std::string found = !a.doc.is_object() ? "an answer that is not a JSON:API document" : got ? field + " = " + to_text(*got) : "no " + field;
  return failure("protocol", entity_prefix(a.in) + a.what + " answered " + std::to_string(a.status) + " with " + found + ", not the value sent (" +
                                 to_text(sent) + "): the write is not confirmed",
                 a.in, json(), field);
}

// A value Drupal gives back for one sent: the same, the same as text ("3" for 3), or the same
// instant written with another offset (a date field shown in the site's time zone).
bool same_value_back(const json& got, const json& sent) {
  if (got == sent) return true;
  if (got.is_string() && !sent.is_string() && !sent.is_null() && got.get<std::string>() == to_text(sent)) return true;
  if (got.is_string() && sent.is_string()) {
    auto a = parse_iso8601(got.get<std::string>()), b = parse_iso8601(sent.get<std::string>());
    return a && b && *a == *b;
  }
  return false;
}

// A PATCH of several fields (completion's write_fields) is confirmed when every value came back.
json check_patched_fields(const Answer& a) {
  const json* attrs = a.doc.is_object() && a.doc.contains("data") && a.doc["data"].is_object() && a.doc["data"].contains("attributes") &&
                              a.doc["data"]["attributes"].is_object() ? &a.doc["data"]["attributes"] : nullptr;
  for (const auto& [field, sent] : a.in["fields"].items()) {
    const json* got = attrs && attrs->contains(field) ? &(*attrs)[field] : nullptr;
    if (got && same_value_back(*got, sent)) continue;
    std::string found = !a.doc.is_object() ? "an answer that is not a JSON:API document" : got ? field + " = " + to_text(*got) : "no " + field;
    return failure("protocol", entity_prefix(a.in) + a.what + " answered " + std::to_string(a.status) + " with " + found +
                                   ", not the value sent (" + to_text(sent) + "): the write is not confirmed",
                   a.in, json(), field);
  }
  return {{"ok", true}};
}

// The field being written: `field`, or one of `fields`.
bool written_field(const json& in, const std::string& field) {
  if (in.contains("fields") && in["fields"].is_object()) return in["fields"].contains(field);
  return field == in.value("field", std::string("field_moodle_id"));
}

}  // namespace

json drupal_answer(const json& in) {
  Answer a(in);
  const std::string who = entity_prefix(in);
  const std::string account = in.value("account", std::string());
  const std::string the_account = account.empty() ? "the configured account" : "the account \"" + account + "\"";
  const std::string detail = a.detail();
  const std::string said = detail.empty() ? "" : " (" + detail + ")";
  const std::string transport = in.value("transport_error", std::string());
  if (!transport.empty() || a.status == 0) {
    return failure("transient", who + a.what + ": Drupal did not answer (" + (transport.empty() ? "no answer" : transport) + ")", in, retry_delay(a));
  }
  if (a.status >= 200 && a.status < 300) {
    if (a.method == "PATCH" && in.contains("fields") && in["fields"].is_object()) return check_patched_fields(a);
    if (a.method == "PATCH" && in.contains("field") && in.contains("value")) return check_patched_value(a);
    return {{"ok", true}};
  }
  const std::string answered = who + a.what + " answered " + std::to_string(a.status);
  if (a.status == 405) {
    return failure("setup", answered + ": Drupal's JSON:API accepts only reads" + said +
                                ". Allow writes at " + site_of(drupal::url_for_message(a.url)) + "/admin/config/services/jsonapi (\"Accept all JSON:API create, read, "
                                "update, and delete operations\")", in);
  }
  if (a.status == 401) {
    return failure("credentials", answered + ": Drupal did not accept the credentials of " + the_account + said +
                                      "; check the account's name and password (or the OAuth client) in the environment", in);
  }
  if (a.status == 403) {
    std::string field = a.pointer_field();
    // Field access is the account's, the same for every entity: refused the field being written,
    // no later PATCH can succeed, so the run stops with what to grant.
    if (a.method == "PATCH" && !field.empty() && written_field(in, field)) {
      return failure("credentials", answered + ": " + the_account + " may not edit " + field + said + "; give it edit access to " + field, in,
                     json(), field);
    }
    if (a.method == "PATCH" && !field.empty()) {
      return failure("entity", answered + ": Drupal refused to write " + field + said, in, json(), field);
    }
    return failure("credentials", answered + ": " + the_account + " may not do this" + said +
                                      "; give it the permissions of every synced type (and edit access to field_moodle_id)", in);
  }
  if (a.status == 422) {
    std::string field = a.pointer_field();
    if (field.empty()) field = field_in_detail(detail);
    return failure("entity", answered + ": Drupal refused the value" + (field.empty() ? "" : " of " + field) + said, in, json(), field);
  }
  if (a.status == 404) return failure("not_found", answered + ": not found" + said, in);
  if (a.status == 429 || a.status >= 500) return failure("transient", answered + said, in, retry_delay(a));
  return failure("protocol", answered + said, in);
}

}  // namespace moodle_sync
