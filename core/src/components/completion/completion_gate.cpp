#include "components/completion/completion_gate.hpp"

#include <stdexcept>

#include "moodle_sync/transforms.hpp"

namespace moodle_sync {
namespace {

json refuse(int status, json body, json headers = nullptr) {
  json out = {{"accept", false}, {"status", status}, {"body", std::move(body)}};
  if (!headers.is_null()) out["headers"] = std::move(headers);
  return out;
}

std::string trimmed(const std::string& s) {
  auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

// The token of "Bearer <token>" (scheme in any case); empty for anything else.
std::string bearer_token(const std::string& authorization) {
  std::string a = trimmed(authorization);
  if (a.size() < 7 || ascii_lower(a.substr(0, 6)) != "bearer" || (a[6] != ' ' && a[6] != '\t')) return "";
  return trimmed(a.substr(7));
}

// The media type without its parameters: "application/json; charset=utf-8" -> "application/json".
std::string media_type(const std::string& content_type) { return ascii_lower(trimmed(content_type.substr(0, content_type.find(';')))); }

std::string text_of(const json& request, const char* key) {
  if (!request.contains(key) || request[key].is_null()) return "";
  if (!request[key].is_string()) throw std::invalid_argument(std::string("\"") + key + "\" must be a string");
  return request[key].get<std::string>();
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
  if (!length.is_null() && !length.is_number_integer()) throw std::invalid_argument("\"content_length\" must be an integer");
  const json max = request.value("max_bytes", json(1048576));
  if (!max.is_number_integer()) throw std::invalid_argument("\"max_bytes\" must be an integer");
  if (length.is_number_integer() && length.get<long long>() > max.get<long long>()) {
    return refuse(413, {{"message", "Payload too large."}});
  }
  const std::string type = media_type(text_of(request, "content_type"));
  if (!type.empty() && type != "application/json" && type != "application/x-www-form-urlencoded") {
    return refuse(415, {{"message", "Unsupported media type."}});
  }
  if (length.is_number_integer() && length.get<long long>() == 0) return refuse(400, {{"message", "Invalid input."}});
  return {{"accept", true}};
}

}  // namespace moodle_sync
