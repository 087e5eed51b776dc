#pragma once
// The `check` command's verdict on Moodle: does the token work, and does the token's service hold
// every web-service function the enabled components need?
#include "moodle_sync/config.hpp"
#include "moodle_sync/json.hpp"

namespace moodle_sync {

// `site_info` is core_webservice_get_site_info's decoded answer ({ok, value} or {ok: false, error}).
// Returns {"lines": [what is fine], "problems": [what a person must fix], "components":
// [{component, needed, missing}]}, components in the order of required_functions.
json check_site_functions(const Config& config, const json& site_info);

}  // namespace moodle_sync
