#pragma once
// The gate of the completion receiver: what a request gets before its body is read. The secret
// first (so that nothing, not even the connection test, answers without it), then the method, the
// size, the content type and the empty body, each with the answer the original endpoint gave.
#include <cstddef>
#include <string>

#include "moodle_sync/json.hpp"

namespace moodle_sync {

// True when `given` equals `secret`. Every byte of the longer of the two is compared, whatever
// differs first and whatever the lengths: the time says nothing of where a guess went wrong.
// `steps`, when given, counts the bytes compared (for tests).
bool same_secret(const std::string& given, const std::string& secret, std::size_t* steps = nullptr);

// {method, path_secret?, authorization?, content_type?, content_length?, secret, max_bytes}
// -> {accept: true} | {accept: false, status, body, headers?}
json completion_request(const json& request);

// The answer to a push whose run could not be applied: {busy: true} (another run holds the export's
// lock) -> 503 with Retry-After, so that the sender tries again soon; anything else -> 500 (the
// sender retries later; the receiver's log says why). The body never says more than that.
json completion_failure(const json& input);

// The receiver refuses to start with a secret that guards badly or can never match:
// {secret_env, secret?} -> {usable: true} | {usable: false, problem} (the problem names the
// variable, never the value). Shorter than 32 characters, or with whitespace at either end (a
// trailing newline read from a file would make every bearer push 401), is refused.
json completion_secret_check(const json& input);
// The same check for any receiver's secret: `what` names it in the problem ("events"), `key` is
// the configuration key naming the variable ("events.secret_env").
json secret_check(const json& input, const std::string& what, const std::string& key);
constexpr std::size_t kMinSecretLength = 32;

}  // namespace moodle_sync
