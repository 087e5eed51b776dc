#pragma once
// The report (and the plan, which extends it) built one entity entry at a time: the same value as
// a tree for the native callers, or as text, written entry by entry, for the hosts. A tree of every
// entity costs several times its text, and a WebAssembly heap keeps its peak for good.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "engine/engine_state.hpp"
#include "json/json_write.hpp"

namespace moodle_sync {

// What the entries add up to as they are made: the summary and the causes of skipped entities.
struct ReportTally {
  json summary;
  std::map<std::string, json> by_cause;
};

ReportTally report_tally(const Engine::State& s);

// One entity's entry, made by one piece of code either as a tree (for the native callers) or as
// text, straight onto the list's (for the hosts): a tree made for each entry only to be written
// and torn down cost more than the text. Keys are given in their order and are plain ASCII.
class EntryOut {
 public:
  EntryOut();                             // a tree: take() gives it
  explicit EntryOut(JsonWriter& text);  // text: finish() closes it
  EntryOut(const EntryOut&) = delete;  // the tree's open objects point into this one
  EntryOut& operator=(const EntryOut&) = delete;
  void field(const char* key, const json& value);
  void field(const char* key, json&& value);
  void field(const char* key, const std::string& value);
  void field(const char* key, long long value);
  void open(const char* key);  // an object as the value of `key`, until close()
  void close();
  json take();    // the tree's entry
  void finish();  // the text's closing brace

 private:
  void key(const char* key);
  JsonWriter* text_ = nullptr;
  std::vector<json*> open_;    // the tree: the entry and the object open in it
  std::vector<bool> first_;    // the text: whether the object open at each level has no key yet
  json tree_;
};

// The report's fields of one entity's entry, onto `e`.
void report_entry(const Engine::State& s, const Run& r, ReportTally& tally, EntryOut& e);
json report_entry(const Engine::State& s, const Run& r, ReportTally& tally);
// Everything but the entries, with `entities` in their place; the exit code decided.
json report_frame(const Engine::State& s, ReportTally tally, json entities);
// Each entry made and given to `extend` (may be empty), for what they add up to; no text is written.
void tally_entries(const Engine::State& s, ReportTally& tally, const std::function<void(const Run&, EntryOut&)>& extend);
// The text of the frame that `frame_of` makes from the entries' tally, with the entries' list in
// place of its "entities": the same bytes as the text of the whole tree, never copied whole.
// `exact`: written into one string of its exact size, the entries made twice (once to count their
// bytes), so that no doubling string is held beside it (a WebAssembly heap keeps its peak); else
// made once, the list written as it grows (the plan of 100,000 entities: a second pass cost a
// tenth of its time). `extend` adds its fields to every entry; `counting` is false in the second pass.
// `list`, when given, is set to where the entries' list "[...]" lies in the text.
std::string entries_in_frame_text(const Engine::State& s, const std::function<void(const Run&, EntryOut&, bool counting)>& extend,
                                  const std::function<json(ReportTally)>& frame_of, bool exact, bool ascii = false,
                                  std::pair<std::size_t, std::size_t>* list = nullptr);
// The one way a value becomes text for the hosts (`ascii`: characters beyond it as \u escapes).
std::string compact_text(const json& value, bool ascii = false);

// An object made for a number of keys, written in their order.
inline json object_for(std::size_t keys) {
  json object = json::object();
  object.get_ref<json::object_t&>().reserve(keys);
  return object;
}
// Adds a key the object does not hold yet: written in order, without a search for it.
inline void append_new(json& object, const char* key, json value) { object.get_ref<json::object_t&>().emplace_back(key, std::move(value)); }

}  // namespace moodle_sync
