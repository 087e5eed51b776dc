#pragma once
// A listing's answer (a whole table read: every course of a site, megabytes of JSON) loaded into its
// table item by item, so that the decoded answer is never held whole beside the table it fills.
#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "engine/component.hpp"
#include "engine/engine_state.hpp"

namespace moodle_sync {

// Each item of a JSON array's text, parsed alone (as deep as it may be inside the array) and handed
// to `item`. False as soon as the text is not an array of well-formed items or `item` refuses one:
// the caller then reads the whole text as before, for its exact answer or error.
// `levels_around`: the levels of what holds the array ({"users": [...]}: one), for the depth limit.
bool for_each_listed(const std::string& text, const std::function<bool(json item)>& item, std::size_t levels_around = 0);

// The whole read of `read` just queued (at the queue's front) loads a well-formed listing answered
// by Moodle straight into its table; any other answer (an error, an exception, a record of the
// wrong shape) goes the usual way, decoded whole, with the same outcome as ever.
void load_listing_in_pieces(Engine::State& s, const ComponentRead& read);

// Where the value of `member` lies in the text of an object answer ({"users": [...], "warnings":
// []}): when the text is one object whose other members are well-formed, whose keys hold no escape,
// and which holds `member` once. Anything else (nullopt) is left to the whole decode.
std::optional<std::pair<std::size_t, std::size_t>> listed_member_span(const std::string& text, const std::string& member);

// The `tasks` reads just queued at the queue's front (a lookup of records by a list of values, in
// batches; a listing) load a well-formed array answered by Moodle into `table` item by item, beside
// what the table holds already, then call `then`; any other answer goes the usual way, decoded
// whole. With `items_in`, the answer is an object and that member holds the array (each chunk is
// given to `load` as {items_in: [...]}).
void load_answers_in_pieces(Engine::State& s, std::size_t tasks, const std::string& table, bool (*load)(MoodleTable&, const json&),
                            const char* items_in = nullptr, std::function<void()> then = {});

}  // namespace moodle_sync
