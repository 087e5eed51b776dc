#include "events/request_gate.hpp"

#include "moodle_sync/transforms.hpp"

namespace moodle_sync {

json refusal(int status, json body, json headers) {
  json out = {{"accept", false}, {"status", status}, {"body", std::move(body)}};
  if (!headers.is_null()) out["headers"] = std::move(headers);
  return out;
}

std::string trimmed(const std::string& s) {
  auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

std::string bearer_token(const std::string& authorization) {
  std::string a = trimmed(authorization);
  if (a.size() < 7 || ascii_lower(a.substr(0, 6)) != "bearer" || (a[6] != ' ' && a[6] != '\t')) return "";
  return trimmed(a.substr(7));
}

}  // namespace moodle_sync
