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

}  // namespace moodle_sync
