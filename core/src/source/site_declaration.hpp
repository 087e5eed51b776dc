#pragma once
// The site an export declares about itself (a folder's site.json, a bundle file's own keys).
#include <string>

#include "moodle_sync/json.hpp"
#include "moodle_sync/site_guard.hpp"

namespace moodle_sync {

// From {"where": file, "value": the declaring object}: the declared site ("" when the object has no
// site_url), or a problem naming the file and the JSON path (then the site guard blocks writes).
SiteClaim declared_site(const json& declaration, std::string& problem);

}  // namespace moodle_sync
