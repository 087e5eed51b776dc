#pragma once
#include "moodle_sync/json.hpp"

namespace moodle_sync::drupal {

// `since` as a person or a host gives it: unix seconds (a number or digits) or an RFC 3339 time
// ("2026-11-20T10:15:00Z", "...+01:00"). Throws DrupalInputError naming the value.
long long parse_since(const json& value);

}  // namespace moodle_sync::drupal
