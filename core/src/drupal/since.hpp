#pragma once
#include <optional>
#include <string>

#include "moodle_sync/json.hpp"

namespace moodle_sync::drupal {

// `since` as a person or a host gives it: unix seconds (a number or digits) or an RFC 3339 time
// ("2026-11-20T10:15:00Z", "...+01:00"). Throws DrupalInputError naming the value.
long long parse_since(const json& value);

// An HTTP `Date` header (RFC 7231 IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT") in unix seconds;
// nothing for any other text (the obsolete forms are not sent by the servers a sync talks to).
std::optional<long long> parse_http_date(const std::string& text);

}  // namespace moodle_sync::drupal
