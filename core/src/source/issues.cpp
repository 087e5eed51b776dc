#include "moodle_sync/issues.hpp"

namespace moodle_sync {

json to_json(const ConfigIssue& issue) { return {{"path", issue.path}, {"message", issue.message}}; }

json to_json(const EntityIssue& issue) {
  json j = {{"entity", issue.entity}, {"field", issue.field}};
  if (!issue.source.empty()) j["source"] = issue.source;
  j["message"] = issue.message;
  if (issue.pending) j["pending"] = true;
  if (!issue.cause.empty()) j["cause"] = issue.cause;
  return j;
}

std::string describe(const EntityIssue& issue) {
  std::string s = issue.entity + ", field " + issue.field;
  if (!issue.source.empty()) s += " (from " + issue.source + ")";
  return s + ": " + issue.message;
}

}  // namespace moodle_sync
