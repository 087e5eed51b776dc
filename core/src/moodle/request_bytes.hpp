#pragma once
// The size in bytes of a form-encoded Moodle call, counted without building it: PHP drops a whole
// body larger than its post_max_size, so a batch is cut to fit a byte budget as well as the
// max_input_vars one.
#include <cstddef>
#include <string>

#include "moodle_sync/json.hpp"

namespace moodle_sync {

constexpr std::size_t kDefaultMaxRequestBytes = 8 * 1024 * 1024;  // PHP's post_max_size default

// "wstoken=<token>&wsfunction=F&moodlewsrestformat=json": what every call carries beside its list.
// The core never holds the token; a Moodle token is 32 characters, 64 are counted to be safe.
std::size_t request_overhead_bytes(const std::string& wsfunction);

// The bytes the host sends for a body encode_call made (the token is put in front of it).
std::size_t request_bytes(const std::string& encoded_body);

// The bytes an item adds to a call as `<list_key>[<index>]...` (`&key=value` per variable), with
// an index of `index_digits` digits: the same count encode_call's body would have.
std::size_t item_request_bytes(const std::string& list_key, const json& item, std::size_t index_digits);

// Digits of the largest index a list of `items` items has (1 for 10 items: 0..9).
std::size_t index_digits(std::size_t items);

}  // namespace moodle_sync
