#pragma once
// Which mapped fields differ from what Moodle holds. Moodle answers names HTML-escaped and
// summaries filtered (format_string, format_text), so values are compared decoded; formatted text
// is compared by its text, because Moodle's filters rewrite markup (links, media) on the way out.
#include <string>

#include "moodle_sync/json.hpp"

namespace moodle_sync {

// {field: {"old": <Moodle's value>, "new": <the entity's value>}} for every field of `item` that
// differs from `record`; custom fields under "customfields.<shortname>".
json diff_fields(const std::string& component, const json& item, const json& record);

// The update item: the id plus only the changed fields (custom fields included when changed).
json update_item(long long moodle_id, const json& item, const json& changes);

}  // namespace moodle_sync
