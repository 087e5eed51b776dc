#include "events/event_gate.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <stdexcept>

#include "events/request_gate.hpp"
#include "moodle_sync/transforms.hpp"

namespace moodle_sync {
namespace {

// A webhooks delivery has no timestamp: a replayed body only makes the entity be read again (the
// payload is never trusted), so its signature is remembered for a week, not for ever.
constexpr long long kWebhooksReplayTtl = 7 * 24 * 3600;

json refuse(int status, const std::string& message, json headers = nullptr) {
  return refusal(status, {{"message", message}}, std::move(headers));
}

// The headers with lower-cased names and string values (a host may pass numbers).
json header_map(const json& request) {
  json out = json::object();
  if (!request.contains("headers") || request["headers"].is_null()) return out;
  if (!request["headers"].is_object()) throw std::invalid_argument("\"headers\" must be an object {name: value}");
  for (const auto& [name, value] : request["headers"].items()) {
    if (value.is_string()) out[ascii_lower(name)] = trimmed(value.get<std::string>());
    else if (value.is_number()) out[ascii_lower(name)] = to_text(value);
  }
  return out;
}

std::string header(const json& headers, const char* name) { return headers.value(name, std::string()); }

// "sha256=<64 hex>" -> the hex in lower case; "" when the value has another shape.
std::string signature_hex(const std::string& value, const std::string& prefix, std::size_t hex_length) {
  if (value.size() != prefix.size() + hex_length || ascii_lower(value.substr(0, prefix.size())) != prefix) return "";
  std::string hex = ascii_lower(value.substr(prefix.size()));
  if (!std::all_of(hex.begin(), hex.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); })) return "";
  return hex;
}

bool all_digits(const std::string& s) {
  return !s.empty() && s.size() <= 18 && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// application/json, or any +json type, with any parameters (charset).
bool json_media_type(const std::string& content_type) {
  std::string type = ascii_lower(trimmed(content_type.substr(0, content_type.find(';'))));
  return type == "application/json" || (type.size() > 5 && type.compare(type.size() - 5, 5, "+json") == 0 && type.find('/') != std::string::npos);
}

double number_of(const json& request, const char* key, double fallback) {
  if (!request.contains(key) || request[key].is_null()) return fallback;
  if (!request[key].is_number()) throw std::invalid_argument(std::string("\"") + key + "\" must be a number");
  return request[key].get<double>();
}

}  // namespace

json event_gate(const json& request) {
  if (!request.is_object()) throw std::invalid_argument("the request must be an object");
  const json headers = header_map(request);
  const std::string method = request.value("method", std::string());
  if (method != "POST") return refuse(405, "Method not allowed.", {{"Allow", "POST"}});

  const std::string unsigned_message = "Unauthorized: sign the request (X-Moodle-Sync-Signature with X-Moodle-Sync-Timestamp, "
                                       "or the webhooks module's X-Hub-Signature).";
  json verify;
  std::string form;
  long long replay_ttl = kWebhooksReplayTtl;
  const std::string ours = header(headers, "x-moodle-sync-signature");
  if (!ours.empty()) {
    std::string hex = signature_hex(ours, "sha256=", 64);
    const std::string ts = header(headers, "x-moodle-sync-timestamp");
    if (hex.empty() || !all_digits(ts)) return refuse(401, unsigned_message);
    const double now = number_of(request, "now", 0);
    const double max_age = number_of(request, "max_age_seconds", 300);
    // Outside the window on either side: an old capture replayed, or a sender's clock far off.
    if (!(std::fabs(now - std::stod(ts)) <= max_age)) {
      return refuse(401, "Unauthorized: the timestamp is more than " + to_text(json(static_cast<long long>(max_age))) +
                             " seconds from the server's time (check the sender's clock).");
    }
    form = "ours";
    verify = {{"algorithm", "SHA-256"}, {"prefix", ts + "."}, {"signature_hex", hex}};
    // A signature outside the window is refused above: it need not be remembered longer than that.
    replay_ttl = static_cast<long long>(std::ceil(2 * max_age));
  } else {
    std::string hex = signature_hex(header(headers, "x-hub-signature-256"), "sha256=", 64);
    std::string algorithm = "SHA-256";
    if (hex.empty() && headers.contains("x-hub-signature-256")) return refuse(401, unsigned_message);
    if (hex.empty()) {
      const std::string hub = header(headers, "x-hub-signature");
      hex = signature_hex(hub, "sha256=", 64);
      if (hex.empty()) {
        hex = signature_hex(hub, "sha1=", 40);
        algorithm = "SHA-1";
      }
    }
    if (hex.empty()) return refuse(401, unsigned_message);
    form = "webhooks";
    verify = {{"algorithm", algorithm}, {"prefix", ""}, {"signature_hex", hex}};
  }

  // A declared length beyond any integer is too large, never wrapped; a length that is no number
  // is left to the capped body read.
  const std::string length = header(headers, "content-length");
  const double max_bytes = number_of(request, "max_bytes", 1048576);
  const bool digits = !length.empty() && std::all_of(length.begin(), length.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  if (digits && (length.size() > 18 || std::stod(length) > max_bytes)) return refuse(413, "Payload too large.");
  if (!json_media_type(header(headers, "content-type"))) return refuse(415, "Unsupported media type: send application/json.");

  json out = {{"accept", true},
              {"form", form},
              {"verify", verify},
              {"replay_key", "replay/" + verify["signature_hex"].get<std::string>()},
              {"replay_ttl_seconds", replay_ttl},
              {"unauthorized", {{"status", 401}, {"body", {{"message", "Unauthorized: the signature does not match."}}}}}};
  const std::string delivery = header(headers, "x-drupal-delivery");
  if (!delivery.empty()) out["delivery"] = delivery;
  return out;
}

}  // namespace moodle_sync
