#pragma once
// source_queries mode "completion": {course_ids?: [Drupal course ids]} -> {queries}.
#include "moodle_sync/config.hpp"
#include "moodle_sync/json.hpp"

namespace moodle_sync::drupal {

json completion_queries(const Config& config, const json& in);

}  // namespace moodle_sync::drupal
