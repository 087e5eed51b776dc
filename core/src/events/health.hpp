#pragma once
// GET /health: who may ask (a bearer token), and what to say: the core's version and whether
// Moodle and Drupal answer, never a secret nor a URL.
#include "moodle_sync/json.hpp"

namespace moodle_sync {

// {method, authorization?, token, token_env?} -> {accept: true} | {accept: false, status: 401 | 405 | 503, body, headers?}
json health_request(const json& input);

// {version, moodle: {status, body, content_type, transport_error?}, drupal: {status, body, ...} | null}
// -> {status: 200 | 503, body: {version, moodle: {ok, error?: {class, message}}, drupal: {ok, error?} | null}}
json health_answer(const json& input);

}  // namespace moodle_sync
