#pragma once
// The value transforms a field mapping can chain: `field_start | first | timestamp`.
#include <optional>
#include <string>
#include <vector>

#include "moodle_sync/json.hpp"

namespace moodle_sync {

enum class Transform { first, timestamp, boolean, html, plain, lower, trim, text, integer, moodle_id };

std::optional<Transform> parse_transform(const std::string& name);
const char* to_string(Transform t);
const std::vector<std::string>& transform_names();

// ISO 8601 date or date-time -> Unix timestamp. A missing zone means UTC. nullopt when malformed.
std::optional<long long> parse_iso8601(const std::string& text);

// A `changed` value as Drupal gives it (RFC 3339 text, or unix seconds) -> unix seconds.
std::optional<long long> changed_seconds(const json& value);

// Removes tags and decodes every character reference: formatted text shown as plain text.
std::string html_to_plain(const std::string& html);

// ASCII lower-case; other bytes (UTF-8 sequences) are kept as they are.
std::string ascii_lower(std::string text);

}  // namespace moodle_sync
