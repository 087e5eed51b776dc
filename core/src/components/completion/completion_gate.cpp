#include "components/completion/completion_gate.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "events/request_gate.hpp"
#include "moodle_sync/transforms.hpp"

namespace moodle_sync {
namespace {

json refuse(int status, json body, json headers = nullptr) { return refusal(status, std::move(body), std::move(headers)); }

// The media type without its parameters: "application/json; charset=utf-8" -> "application/json".
std::string media_type(const std::string& content_type) { return ascii_lower(trimmed(content_type.substr(0, content_type.find(';')))); }

std::string text_of(const json& request, const char* key) {
  if (!request.contains(key) || request[key].is_null()) return "";
  if (!request[key].is_string()) throw std::invalid_argument(std::string("\"") + key + "\" must be a string");
  return request[key].get<std::string>();
}

// A declared length beyond any integer (1e20, or above LLONG_MAX) is too large, never wrapped.
bool too_large(const json& length, long long max) {
  if (length.is_number_unsigned()) return length.get<unsigned long long>() > static_cast<unsigned long long>(std::max(max, 0LL));
  if (length.is_number_integer()) return length.get<long long>() > max;
  return !(length.get<double>() <= static_cast<double>(max));
}

}  // namespace

bool same_secret(const std::string& given, const std::string& secret, std::size_t* steps) {
  const std::size_t n = given.size() > secret.size() ? given.size() : secret.size();
  unsigned diff = given.size() != secret.size() ? 1u : 0u;
  std::size_t counted = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned a = i < given.size() ? static_cast<unsigned char>(given[i]) : 0u;
    const unsigned b = i < secret.size() ? static_cast<unsigned char>(secret[i]) : 0u;
    diff |= a ^ b;
    ++counted;
  }
  if (steps) *steps = counted;
  return diff == 0 && !secret.empty();
}

json completion_request(const json& request) {
  if (!request.is_object()) throw std::invalid_argument("the request must be an object");
  const std::string secret = text_of(request, "secret");
  const std::string method = text_of(request, "method");
  // Both ways are compared in full, always: which one was used, or tried, does not show in the time.
  const bool by_path = same_secret(text_of(request, "path_secret"), secret);
  const bool by_bearer = same_secret(bearer_token(text_of(request, "authorization")), secret);
  if (!(by_path | by_bearer)) return refuse(401, {{"message", "Unauthorized"}}, {{"WWW-Authenticate", "Bearer"}});
  if (method == "GET") return refuse(200, {{"status", 1}, {"message", "Connection successful"}});
  if (method != "POST") return refuse(405, {{"message", "Method not allowed."}}, {{"Allow", "GET, POST"}});
  const json length = request.value("content_length", json());
  if (!length.is_null() && !length.is_number()) throw std::invalid_argument("\"content_length\" must be a number");
  const json max = request.value("max_bytes", json(1048576));
  if (!max.is_number_integer()) throw std::invalid_argument("\"max_bytes\" must be an integer");
  if (length.is_number() && too_large(length, max.get<long long>())) return refuse(413, {{"message", "Payload too large."}});
  const std::string type = media_type(text_of(request, "content_type"));
  if (!type.empty() && type != "application/json" && type != "application/x-www-form-urlencoded") {
    return refuse(415, {{"message", "Unsupported media type."}});
  }
  if (length.is_number_integer() && length.get<long long>() == 0) return refuse(400, {{"message", "Invalid input."}});
  return {{"accept", true}};
}

json completion_failure(const json& input) {
  if (!input.is_object() || (input.contains("busy") && !input["busy"].is_boolean())) {
    throw std::invalid_argument("expected {busy: true | false}");
  }
  if (input.value("busy", false)) {
    return refuse(503, {{"message", "Busy: another run holds the export; try again later."}}, {{"Retry-After", "30"}});
  }
  return refuse(500, {{"message", "The push could not be applied; the receiver's log says why."}});
}

json secret_check(const json& input, const std::string& what, const std::string& key) {
  if (!input.is_object()) throw std::invalid_argument("the input must be an object");
  const std::string name = text_of(input, "secret_env");
  const std::string secret = text_of(input, "secret");
  const std::string set_it = ": set the environment variable " + name + " (" + key + ") to a random secret of at least " +
                             std::to_string(kMinSecretLength) + " characters, e.g. `openssl rand -hex 32`";
  auto refused = [](const std::string& problem) { return json{{"usable", false}, {"problem", problem}}; };
  if (secret.empty()) return refused("no " + what + " secret" + set_it);
  if (std::isspace(static_cast<unsigned char>(secret.front())) || std::isspace(static_cast<unsigned char>(secret.back()))) {
    return refused("the " + what + " secret in " + name + " starts or ends with whitespace (a newline read from a file?), which no " +
                   "sender's header carries" + set_it);
  }
  if (secret.size() < kMinSecretLength) return refused("the " + what + " secret is too short" + set_it);
  return {{"usable", true}};
}

json completion_secret_check(const json& input) { return secret_check(input, "completion", "completion.secret_env"); }

}  // namespace moodle_sync
