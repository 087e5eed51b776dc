// Which Moodle error codes mean what for the person running a sync. Codes from the recordings of a
// real Moodle 4.5 and from Moodle's own sources; an unknown code defaults by exception class.
#include <set>
#include <string>

#include "moodle_sync/moodle_answer.hpp"

namespace moodle_sync {
namespace {

const std::set<std::string> kCredentials = {
    "invalidtoken", "accessexception", "servicerequireslogin", "usernotconfirmed",
    "restoredaccountresetpassword", "forcepasswordchangenotice", "sitemaintenance",
    "invalidlogin", "enablewsdescription", "wsaccessuserdeleted", "wsaccessusersuspended",
    "wsaccessusernologin", "wsaccessuserexpired"};

const std::set<std::string> kPermission = {
    "nopermissions", "requireloginerror", "criteriaerror", "errorcoursecontextnotvalid",
    "nocapabilitytousethisservice", "accessdenied", "notlocalisederrormessage"};

const std::set<std::string> kTransient = {
    "dmlreadexception", "ddlexecuteerror", "sessionwaiterr", "upgraderunning", "cannotlock",
    // A database deadlock or lost lock: the transaction rolled back (recorded: nothing persisted).
    "dmlwriteexception"};

// Errors Moodle raises AFTER committing the call's work (the welcome message of an enrolment).
const std::set<std::string> kAfterCommit = {"Message was not sent."};

bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

}  // namespace

ErrorClass classify_moodle_error(const std::string& exception, const std::string& errorcode,
                                 const std::string& message) {
  if (kCredentials.count(errorcode)) return ErrorClass::credentials;
  if (kPermission.count(errorcode)) return ErrorClass::permission;
  if (kTransient.count(errorcode) || kAfterCommit.count(errorcode)) return ErrorClass::transient;
  // An unknown wsfunction: this Moodle has no such function (older version or missing plugin).
  if (errorcode == "invalidrecord" && contains(message, "external_functions")) return ErrorClass::protocol;
  // Moodle could not validate its own answer (invalid_response_exception): the call may have applied.
  if (errorcode == "invalidresponse") return ErrorClass::protocol;
  if (contains(exception, "webservice_access_exception")) return ErrorClass::credentials;
  if (contains(exception, "required_capability_exception") || contains(exception, "require_login_exception")) {
    return ErrorClass::permission;
  }
  // PHP engine errors (no errorcode): Moodle crashed on this input; the call is not retryable as is.
  if (errorcode.empty()) return ErrorClass::protocol;
  return ErrorClass::data;
}

const char* to_string(ErrorClass c) {
  switch (c) {
    case ErrorClass::credentials: return "credentials";
    case ErrorClass::permission: return "permission";
    case ErrorClass::data: return "data";
    case ErrorClass::transient: return "transient";
    case ErrorClass::protocol: return "protocol";
  }
  return "?";
}

}  // namespace moodle_sync
