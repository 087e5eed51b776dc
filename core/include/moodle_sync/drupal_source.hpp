#pragma once
// Reading a Drupal site through JSON:API: which requests to send, and what each answer means.
// The pages themselves go into a DocumentSet (moodle_sync/document_set.hpp).
#include <stdexcept>

#include "moodle_sync/config.hpp"
#include "moodle_sync/json.hpp"

namespace moodle_sync {

// A request to these functions that cannot be used as it is, naming the input key.
struct DrupalInputError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// {mode: full|incremental|census|uuids, since?, journal?, uuids?} -> {queries: [{type, kind, path,
// params}], since_used?: {type: unix seconds}}. Throws DrupalInputError.
json source_queries(const Config& config, const json& input);

// Classifies one Drupal answer: {method, url, status, contentType, body, headers, transportError,
// attempt, retries?, account, entity?: {label}, field?, value?, secrets?} -> {ok: true} |
// {ok: false, retry_delay_ms: n|null, error: {class, message, field?}}.
json drupal_answer(const json& input);

}  // namespace moodle_sync
