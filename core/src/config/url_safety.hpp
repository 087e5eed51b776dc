#pragma once
// What a configured URL may carry and how it is named in messages: a user name or password in it
// (https://user:pass@host/) is refused and never echoed, and a plain http:// Moodle that is not this
// machine is accepted with a warning (the token would cross the network in clear text).
#include <string>
#include <vector>

#include "moodle_sync/issues.hpp"
#include "moodle_sync/json.hpp"

namespace moodle_sync {

// The URL with any user name or password replaced by "***" ("https://***@host/"): safe to print.
std::string without_userinfo(const std::string& url);
// True when the authority part of the URL holds a user name or password.
bool has_userinfo(const std::string& url);
// Warnings about a loaded configuration that do not stop it ("$.moodle.url": plain http).
std::vector<ConfigIssue> config_warnings(const json& settings);
// The same as [{path, message}] for a host to show.
json config_warnings_json(const json& settings);

}  // namespace moodle_sync
