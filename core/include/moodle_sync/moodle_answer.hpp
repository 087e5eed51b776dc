#pragma once
// Decoding what Moodle's REST server answered: a JSON value, the literal `null`, an exception
// object, a warnings list; anything else (HTTP errors, HTML, XML, a cut body, no answer) is a
// transport error. Every error is classified so that a person knows what to fix.
#include <string>
#include <vector>

#include "moodle_sync/json.hpp"

namespace moodle_sync {

enum class ErrorClass {
  credentials,  // the token or the service: fix the configuration in Moodle
  permission,   // the token's user lacks a capability
  data,         // this entity's data was refused: fix the entity
  transient,    // the network or the server failed: retry later
  protocol,     // Moodle and the client disagree on the API: fix the call or the Moodle version
};

const char* to_string(ErrorClass c);

struct HttpReply {
  int status = 0;             // 0 when no HTTP answer came back at all
  std::string content_type;
  std::string body;
  std::string transport_error;  // the host's description of a failure without an answer
};

struct CallError {
  ErrorClass error_class = ErrorClass::protocol;
  bool transport = false;   // no usable Moodle answer (HTTP error, not JSON, no answer)
  bool may_have_applied = false;  // the call may have taken effect anyway: read back before retrying
  int http_status = 0;
  std::string exception;    // Moodle's PHP exception class, when it answered one
  std::string errorcode;    // absent for PHP engine errors
  std::string message;      // human text, secrets redacted
};

struct MoodleWarning {
  std::string item;
  json itemid;
  std::string warningcode;
  std::string message;
};

struct MoodleAnswer {
  bool ok = false;
  json value;                          // the decoded JSON answer (null for a `null` body)
  std::vector<MoodleWarning> warnings;  // from a `{"warnings": [...]}` answer
  CallError error;                      // when !ok
};

// A host's reply as JSON: {"status", "body", "content_type"?, "transport_error"?}.
HttpReply http_reply_from_json(const json& reply);

// `secrets` are removed from every text that leaves the decoder (a proxy could echo a request).
MoodleAnswer decode_answer(const HttpReply& reply, const std::vector<std::string>& secrets = {});

ErrorClass classify_moodle_error(const std::string& exception, const std::string& errorcode,
                                 const std::string& message);

// Replaces every secret and every `wstoken=...` value in `text` by "[redacted]".
std::string redact(std::string text, const std::vector<std::string>& secrets);

json to_json(const CallError& error);
json to_json(const MoodleAnswer& answer);

}  // namespace moodle_sync
