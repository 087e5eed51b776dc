#pragma once
// Pieces every request gate shares (the completion receiver, /events, /health): the refusal it
// answers, a header's text without its padding, the token of "Bearer <token>".
#include <string>

#include "moodle_sync/json.hpp"

namespace moodle_sync {

// {accept: false, status, body, headers?}
json refusal(int status, json body, json headers = nullptr);

std::string trimmed(const std::string& text);

// The token of "Bearer <token>" (the scheme in any case); "" for anything else.
std::string bearer_token(const std::string& authorization);

}  // namespace moodle_sync
