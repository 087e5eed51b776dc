#pragma once
// The ignore rule: what an entity's field_moodle_id tells the sync to do.
#include <cstdint>
#include <string>

#include "moodle_sync/json.hpp"

namespace moodle_sync {

enum class MoodleIdAction { create, update, ignore };

struct MoodleIdDecision {
  MoodleIdAction action = MoodleIdAction::create;
  std::int64_t moodle_id = 0;  // set for update
  std::string reason;          // set for ignore: why the value is not a moodle id
};

// Empty (missing, null, "") -> create; a positive integer (JSON number or decimal string without
// sign, spaces or leading zeros) -> update that object; anything else -> ignore, with the reason.
MoodleIdDecision decide_moodle_id(const json& field_value);

const char* to_string(MoodleIdAction action);

}  // namespace moodle_sync
