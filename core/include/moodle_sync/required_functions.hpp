#pragma once
// The Moodle web-service functions each enabled component needs in the token's service, so that
// `check` can list what is missing before a run fails half-way.
#include <map>
#include <string>
#include <vector>

#include "moodle_sync/config.hpp"

namespace moodle_sync {

std::map<std::string, std::vector<std::string>> required_functions(const Config& config);

}  // namespace moodle_sync
