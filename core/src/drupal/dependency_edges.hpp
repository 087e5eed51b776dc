#pragma once
#include <string>
#include <vector>

#include "drupal/read_plan.hpp"

namespace moodle_sync::drupal {

// Every reference between configured types the engine follows (see Edge).
std::vector<Edge> dependency_edges(const Config& config);

// The users' profile entity type when one is configured, else "".
std::string profile_type(const Config& config);

}  // namespace moodle_sync::drupal
