#include "moodle_sync/moodle_answer.hpp"

#include <algorithm>
#include <cctype>

#include "moodle_sync/json_text.hpp"

namespace moodle_sync {
namespace {

constexpr std::size_t kExcerpt = 160;

std::string excerpt(const std::string& body) {
  std::size_t cut = std::min(kExcerpt, body.size());
  // Never cut inside a UTF-8 sequence: back up to the first byte of a character.
  while (cut < body.size() && cut > 0 && (static_cast<unsigned char>(body[cut]) & 0xC0) == 0x80) --cut;
  std::string e = body.substr(0, cut);
  std::replace(e.begin(), e.end(), '\n', ' ');
  if (body.size() > kExcerpt) e += "...";
  return e;
}

bool starts_with_ci(const std::string& text, const std::string& prefix) {
  std::size_t i = text.find_first_not_of(" \t\r\n");
  if (i == std::string::npos || text.size() - i < prefix.size()) return false;
  for (std::size_t k = 0; k < prefix.size(); ++k) {
    if (std::tolower(static_cast<unsigned char>(text[i + k])) != prefix[k]) return false;
  }
  return true;
}

MoodleAnswer transport_failure(ErrorClass c, int status, std::string message, bool may_have_applied) {
  MoodleAnswer a;
  a.error.error_class = c;
  a.error.transport = true;
  a.error.http_status = status;
  a.error.message = std::move(message);
  a.error.may_have_applied = may_have_applied;
  return a;
}

bool transient_status(int status) {
  return status == 408 || status == 429 || status >= 500;
}

std::string string_field(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return {};
  return it->is_string() ? it->get<std::string>() : to_text(*it);
}

// Warnings come as {item, itemid, warningcode, message}; add_cohort_members omits item and itemid.
std::vector<MoodleWarning> read_warnings(const json& list) {
  std::vector<MoodleWarning> out;
  for (const auto& w : list) {
    if (!w.is_object()) continue;
    MoodleWarning mw;
    mw.item = string_field(w, "item");
    mw.itemid = w.contains("itemid") ? w["itemid"] : json();
    mw.warningcode = string_field(w, "warningcode");
    mw.message = string_field(w, "message");
    out.push_back(std::move(mw));
  }
  return out;
}

bool is_moodle_exception(const json& v) {
  return v.is_object() && v.contains("exception") && v["exception"].is_string() &&
         (v.contains("message") || v.contains("errorcode"));
}

}  // namespace

MoodleAnswer decode_answer(const HttpReply& reply, const std::vector<std::string>& secrets) {
  MoodleAnswer answer = [&]() -> MoodleAnswer {
    if (reply.status == 0) {
      // The request may have reached Moodle before the connection died: creates must be looked up.
      return transport_failure(ErrorClass::transient, 0,
                               "no answer from Moodle: " + (reply.transport_error.empty() ? std::string("connection failed") : reply.transport_error),
                               true);
    }
    if (reply.status < 200 || reply.status >= 300) {
      bool transient = transient_status(reply.status);
      return transport_failure(transient ? ErrorClass::transient : ErrorClass::protocol, reply.status,
                               "HTTP " + std::to_string(reply.status) + " from Moodle" +
                                   (reply.body.empty() ? "" : ": " + excerpt(reply.body)),
                               transient);
    }
    if (starts_with_ci(reply.body, "<?xml") || starts_with_ci(reply.body, "<response") ||
        starts_with_ci(reply.body, "<exception")) {
      return transport_failure(ErrorClass::protocol, reply.status,
                               "Moodle answered XML, not JSON: the request lacked moodlewsrestformat=json "
                               "or was not form-encoded: " + excerpt(reply.body),
                               false);
    }
    ParsedJson parsed = parse_json(reply.body);
    if (parsed.too_deep) {
      // No Moodle function answers anything this deep: not Moodle's answer, and sending it again gives the same.
      return transport_failure(ErrorClass::protocol, reply.status, "Moodle's answer is " + parsed.message + ": not a web-service answer", false);
    }
    json value = std::move(parsed.value);
    if (!parsed.ok) {
      bool html = starts_with_ci(reply.body, "<");
      return transport_failure(ErrorClass::transient, reply.status,
                               std::string(html ? "Moodle answered HTML (a PHP error page?)" : "Moodle's answer is not JSON (cut or garbled)") +
                                   (reply.body.empty() ? ": empty body" : ": " + excerpt(reply.body)),
                               true);
    }
    MoodleAnswer a;
    if (is_moodle_exception(value)) {
      a.error.exception = string_field(value, "exception");
      a.error.errorcode = string_field(value, "errorcode");
      a.error.message = string_field(value, "message");
      a.error.http_status = reply.status;
      a.error.error_class = classify_moodle_error(a.error.exception, a.error.errorcode, a.error.message);
      a.error.may_have_applied = a.error.errorcode == "Message was not sent.";
      return a;
    }
    a.ok = true;
    if (value.is_object() && value.contains("warnings") && value["warnings"].is_array()) {
      a.warnings = read_warnings(value["warnings"]);
    }
    a.value = std::move(value);
    return a;
  }();
  answer.error.message = redact(answer.error.message, secrets);
  answer.error.exception = redact(answer.error.exception, secrets);
  answer.error.errorcode = redact(answer.error.errorcode, secrets);
  for (auto& w : answer.warnings) w.message = redact(w.message, secrets);
  return answer;
}

HttpReply http_reply_from_json(const json& in) {
  HttpReply reply;
  reply.status = in.value("status", 0);
  reply.content_type = in.value("content_type", "");
  reply.body = in.value("body", "");
  reply.transport_error = in.value("transport_error", "");
  return reply;
}

std::string redact(std::string text, const std::vector<std::string>& secrets) {
  static const std::string kMark = "[redacted]";
  for (const auto& secret : secrets) {
    if (secret.empty()) continue;
    for (std::size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + kMark.size())) {
      text.replace(at, secret.size(), kMark);
    }
  }
  // A token we were not told about, echoed in a form body or URL.
  static const std::string kKey = "wstoken=";
  for (std::size_t at = text.find(kKey); at != std::string::npos; at = text.find(kKey, at + 1)) {
    std::size_t start = at + kKey.size();
    std::size_t stop = text.find_first_of("&\"' \t\r\n<>", start);
    if (stop == std::string::npos) stop = text.size();
    if (text.compare(start, stop - start, kMark) != 0) text.replace(start, stop - start, kMark);
  }
  return text;
}

json to_json(const CallError& e) {
  json j = {{"class", to_string(e.error_class)}, {"transport", e.transport}};
  if (e.http_status) j["http_status"] = e.http_status;
  if (!e.exception.empty()) j["exception"] = e.exception;
  if (!e.errorcode.empty()) j["errorcode"] = e.errorcode;
  j["message"] = e.message;
  if (e.may_have_applied) j["may_have_applied"] = true;
  return j;
}

json to_json(const MoodleAnswer& a) {
  if (!a.ok) return {{"ok", false}, {"error", to_json(a.error)}};
  json warnings = json::array();
  for (const auto& w : a.warnings) {
    json jw = json::object();
    if (!w.item.empty()) jw["item"] = w.item;
    if (!w.itemid.is_null()) jw["itemid"] = w.itemid;
    jw["warningcode"] = w.warningcode;
    jw["message"] = w.message;
    warnings.push_back(std::move(jw));
  }
  return {{"ok", true}, {"value", a.value}, {"warnings", warnings}};
}

}  // namespace moodle_sync
