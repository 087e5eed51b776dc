#pragma once
// Ids that Moodle gives are checked before anything is built on them: a wrong id written back to
// Drupal redirects every later update of that entity to another object, or (negative) takes the
// entity out of the sync forever.
#include <optional>
#include <string>
#include <vector>

#include "moodle_sync/json.hpp"

namespace moodle_sync {

// A Moodle object id: a JSON integer from 1 to 2^53 (what PHP and every JSON peer agree on).
// Anything else (zero, negative, fractional, larger, a string) gives nothing.
std::optional<long long> moodle_object_id(const json& value);

// Checks a create answer against the items sent: every id a valid object id, no id twice, and
// each echoed key (`echo_keys`, e.g. "shortname", "username", "idnumber") equal to the item's.
// Items past the end of a short answer are not checked here (PHP may have dropped them; the
// caller reports them one by one). Returns the problem, naming the call and the item, or "".
std::string check_created_ids(const std::string& wsfunction, const json& answer, const std::vector<json>& items,
                              const std::vector<std::string>& echo_keys);

}  // namespace moodle_sync
