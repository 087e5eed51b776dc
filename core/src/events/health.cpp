#include "events/health.hpp"

#include <stdexcept>

#include "components/completion/completion_gate.hpp"
#include "events/request_gate.hpp"
#include "moodle_sync/drupal_source.hpp"
#include "moodle_sync/moodle_answer.hpp"
#include "moodle_sync/transforms.hpp"

namespace moodle_sync {
namespace {

json refuse(int status, const std::string& message, json headers = nullptr) {
  return refusal(status, {{"message", message}}, std::move(headers));
}

std::string text_of(const json& in, const char* key) {
  if (!in.contains(key) || in[key].is_null()) return "";
  if (!in[key].is_string()) throw std::invalid_argument(std::string("\"") + key + "\" must be a string");
  return in[key].get<std::string>();
}

// A side's answer as {ok, error?}: the message names neither the URL nor a credential.
json side(const json& error) {
  if (error.is_null()) return {{"ok", true}};
  return {{"ok", false}, {"error", {{"class", error.value("class", std::string("protocol"))}, {"message", error.value("message", std::string())}}}};
}

json moodle_side(const json& reply) {
  if (!reply.is_object()) throw std::invalid_argument("\"moodle\" must be the answer {status, body, content_type, transport_error?}");
  MoodleAnswer answer = decode_answer(http_reply_from_json(reply));
  if (answer.ok) return side(json());
  return side(to_json(answer.error));
}

json drupal_side(const json& reply) {
  if (!reply.is_object()) throw std::invalid_argument("\"drupal\" must be the answer {status, body, content_type, transport_error?} or null");
  json in = reply;
  in["method"] = "GET";
  in["url"] = "/jsonapi";  // only the path is named: the site's URL may carry credentials
  json answer = drupal_answer(in);
  return side(answer.value("ok", false) ? json() : answer.value("error", json::object()));
}

}  // namespace

json health_request(const json& in) {
  if (!in.is_object()) throw std::invalid_argument("the input must be an object");
  const std::string token = text_of(in, "token");
  const std::string env = in.value("token_env", std::string("MOODLE_SYNC_HEALTH_TOKEN"));
  if (token.empty()) return refuse(503, "health token not set (" + env + ")");
  // The token is compared in full whatever the method: the time tells nothing of a guess.
  const bool allowed = same_secret(bearer_token(text_of(in, "authorization")), token);
  if (!allowed) return refuse(401, "Unauthorized", {{"WWW-Authenticate", "Bearer"}});
  const std::string method = text_of(in, "method");
  if (method != "GET" && method != "HEAD") return refuse(405, "Method not allowed.", {{"Allow", "GET"}});
  return {{"accept", true}};
}

json health_answer(const json& in) {
  if (!in.is_object()) throw std::invalid_argument("the input must be an object");
  json moodle = moodle_side(in.value("moodle", json()));
  json drupal = in.contains("drupal") && !in["drupal"].is_null() ? drupal_side(in["drupal"]) : json();
  const bool ok = moodle["ok"] == true && (drupal.is_null() || drupal["ok"] == true);
  return {{"status", ok ? 200 : 503}, {"body", {{"version", in.value("version", json())}, {"moodle", moodle}, {"drupal", drupal}}}};
}

}  // namespace moodle_sync
