#pragma once
// A listing's answer (a whole table read: every course of a site, megabytes of JSON) loaded into its
// table item by item, so that the decoded answer is never held whole beside the table it fills.
#include <functional>
#include <string>

#include "engine/component.hpp"
#include "engine/engine_state.hpp"

namespace moodle_sync {

// Each item of a JSON array's text, parsed alone (as deep as it may be inside the array) and handed
// to `item`. False as soon as the text is not an array of well-formed items or `item` refuses one:
// the caller then reads the whole text as before, for its exact answer or error.
bool for_each_listed(const std::string& text, const std::function<bool(json item)>& item);

// The whole read of `read` just queued (at the queue's front) loads a well-formed listing answered
// by Moodle straight into its table; any other answer (an error, an exception, a record of the
// wrong shape) goes the usual way, decoded whole, with the same outcome as ever.
void load_listing_in_pieces(Engine::State& s, const ComponentRead& read);

}  // namespace moodle_sync
