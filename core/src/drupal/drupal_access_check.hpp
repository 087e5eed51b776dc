#pragma once
// `check` of a live Drupal source, as a conversation: the host sends what it has read so far
// (`answers`), the core says what to read next and judges what came back: the site answers, the
// credentials are not silently anonymous, the account may see every configured type, and JSON:API
// accepts writes.
#include <string>

#include "moodle_sync/config.hpp"
#include "moodle_sync/json.hpp"

namespace moodle_sync::drupal {

// answers: { account?: name, entry?: answer, me?: answer, roles?: [answer], write?: answer }, each answer
// { url, status, body, transport_error? }.
// -> { requests: [{ key: "entry"|"me"|"roles"|"write", method, url, body?, content_type? }],
//      lines: [..], notes: [..], problems: [..] }; no request left = the check is over.
json drupal_access_check(const Config& config, const json& answers);

// The permissions of which one lets an account see every entity of `type` (unpublished, blocked
// and other people's registrations included).
std::vector<std::string> permissions_to_see(const std::string& type);

}  // namespace moodle_sync::drupal
