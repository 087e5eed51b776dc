#pragma once
// A link or image target (an href or src value as written in HTML) in a form that compares equal
// to what Moodle answers for it: HTMLPurifier cuts a target at its first '"', '<' or '>',
// lower-cases the scheme and percent-encodes spaces and non-ASCII characters (`My File é.pdf`
// comes back `My%20File%20%C3%A9.pdf`), so both sides are compared decoded.
#include <string>
#include <vector>

namespace moodle_sync {

std::string comparable_link_target(const std::string& attribute_value);

// The values of the href= and src= attributes of an HTML text, in order: what the pattern
// (?:href|src)\s*=\s*["']([^"']*)["'] finds, ignoring case (scanned by hand: std::regex made every
// comparison of a formatted field slow).
std::vector<std::string> link_targets(const std::string& html);

}  // namespace moodle_sync
