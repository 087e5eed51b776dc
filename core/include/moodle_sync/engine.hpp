#pragma once
// The sync engine, "bring your own I/O": the host asks for the next action, performs it (a Moodle
// call, a write-back of a moodle id, a journal record) and feeds the result back. Nothing here
// knows about fetch, files or clocks, so every decision can be replayed in a test.
//
//   Engine engine(setup);
//   for (json a = engine.next(); a["kind"] != "done"; a = engine.next()) engine.feed(perform(a));
//   json report = engine.report();
//
// Actions: {"id", "kind": "call", "wsfunction", "params", "body", "variables", "items", "purpose",
// "delay_ms"?} | {"id", "kind": "write_back", "entity": {type, uuid, id, label}, "field", "value"} |
// {"id", "kind": "journal", "records": [...]} (append, before the calls they announce) |
// {"id", "kind": "journal_replace"} (the whole state the store keeps, as the text journal_text()
// gives: last, once the write-backs are saved) | {"id", "kind": "write_fields", "entity": {type, uuid, id, label},
// "fields": {"<drupal field>": value, ...}, "purpose": "completion"} (a completion run: the values
// Moodle's completions give a registration or a course, only those that change) | {"kind": "done"}.
// See moodle_sync/state_store.hpp.
// Results: a call's HTTP reply {"status", "body", "transport_error"?}; {"ok": true} or
// {"ok": false, "error": "..."} for a write-back or a journal record. A live source classifies a
// refused write-back: {"ok": false, "error", "class": "setup" | "credentials" (the run stops, exit
// code 2) | "entity" (with "field") | "transient" | "protocol" (that entity fails)}; without a class
// it is transient. The journal keeps the id until a write-back is confirmed. A write_fields action is
// answered alike: {"ok": true, "changed"?} or {"ok": false, "error", "class"?, "field"?}; set-up and
// credentials stop the run (nothing more is written), any other class fails that entity only.
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "moodle_sync/completion_input.hpp"
#include "moodle_sync/config.hpp"
#include "moodle_sync/entity.hpp"
#include "moodle_sync/json.hpp"
#include "moodle_sync/json_text.hpp"
#include "moodle_sync/site_guard.hpp"

namespace moodle_sync {

// What a live source read in this run (engine input `read`). Absent for a file export: then a
// document with links.next, or a type seen only in `included`, is what makes a collection partial.
//   full         every configured collection was read; with `complete_types`, only those listed
//                were read to the end, the others are partial.
//   incremental  only what changed (and what depends on it): every type is partial. Nothing is
//                suspended, removed or deleted because an entity is missing from the documents,
//                except through a census: the id-only listing of a type, the complete list of its
//                entities as far as existence goes (deleted entities are those not in it).
struct CensusEntry {
  EntityId id;
  std::string uuid;
};
struct ReadScope {
  bool given = false;
  bool incremental = false;
  bool lists_complete_types = false;
  std::set<std::string> complete_types;
  std::map<std::string, std::vector<CensusEntry>> census;  // type -> every entity Drupal has of it
  std::map<std::string, std::set<std::string>> census_uuids;  // the same, by uuid: looked up per record
  std::map<std::string, long long> listed_at;  // type -> server time its listing began (unix s): its high-water mark
  std::vector<std::string> notes;  // what the read itself has to say (entities access hid), for the report
  // Entities an event said were deleted and whose own GET answered a JSON:API 404: type -> uuid ->
  // entity id ("" when the event did not say it). Gone as a census would find them.
  std::map<std::string, std::map<std::string, std::string>> gone;
  bool marks = true;  // false: a read of events' entities only, which moves no high-water mark
};

struct EngineSetup {
  Config config;
  EntityStore store;
  SourceSites sites;  // where the export says it comes from, for the site guard
  json journal = json::array();  // records of earlier runs: created objects whose write-back may be lost
  bool dry_run = false;          // perform the reads, record the writes
  // Moodle's answers to reads already made (observe), keyed by read_key(): each answers its read
  // once, so a read after a write still goes to Moodle.
  json snapshot = json::object();
  bool offline = false;          // a read the snapshot lacks is answered as an empty Moodle answers it
  ReadScope read;                // what a live source read; not given for a file export
  // A completion run (engine input `completion`): only the completion component plans, Moodle is
  // only read, Drupal gets write_fields actions and the state store is left as it was.
  CompletionInput completion;
  // The run's time budget (engine input `budget: {ms, spent_ms?}`), in milliseconds; 0: none. The
  // host adds `elapsed_ms` (its measured duration) to every action result; once they and
  // `spent_ms` (time spent before this engine started: the source's read, observe) reach `ms`, the
  // run stops at the next safe point: no new write is sent, and the state store gets what the next
  // run needs to go on (see moodle_sync/state_store.hpp). The report says `stopped`, exit code 3.
  long long budget_ms = 0;
  long long budget_spent_ms = 0;
};

// Parses the engine input `read`; an empty string when it is absent or well formed, otherwise the
// problem with its JSON path ("read.census.node--course[2].uuid: ...").
std::string parse_read_scope(const json& read, ReadScope& out);

// The key of a read in a snapshot: the function and its parameters.
std::string read_key(const std::string& wsfunction, const json& params);

class Engine {
 public:
  explicit Engine(EngineSetup setup);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  json next();
  // Taken by value: a read's answer (megabytes for a listing) moves into the snapshot, never copied.
  void feed(json result);
  // Stops the run as a protocol failure: no further call is sent; the report says why.
  void stop(const std::string& reason);
  json report() const;
  // The state the store keeps, for the journal_replace action handed out (empty otherwise): the
  // store's file text (JSON lines, one a record; see moodle_sync/state_store.hpp).
  const std::string& journal_text() const;
  // The same report as text, written entity by entity (no tree of every entity is held). With
  // `entities`, where in it the list of entities lies, [first, second): a host can keep that part
  // apart (the bulk of a large run's report) and read the rest at once.
  std::string report_text(std::pair<std::size_t, std::size_t>* entities = nullptr) const;
  // The answers of the reads made so far, keyed by read_key(), moved out (taken once): the snapshot of an observe run.
  json take_snapshot();
  // The plan value of a dry run (plan_value.cpp): per entity the intent, the changes and the calls,
  // with the site guard's and the removal guard's verdicts and the report's fields.
  json plan(bool allow_removals) const;
  // The same plan as text, written entity by entity (`ascii`: characters beyond it as \u escapes);
  // and only {apply, exit_code, removal_guard}, what a host needs to decide whether to apply it.
  std::string plan_text(bool allow_removals, bool ascii = false) const;
  json plan_verdict(bool allow_removals) const;

  struct State;

 private:
  std::unique_ptr<State> s_;
};

// An engine from the JSON a host sends: {"text" | "config", "file", "documents": [{name, document}],
// "site_url", "site_url_from", "journal", "dry_run", "read", "completion", "budget"}. On a configuration or export problem returns nullptr and sets
// `error` to {"kind", "message", "issues"?}.
// `input` by value: the documents are moved into the engine when the caller moves it in.
// `documents`: the entities of input's documents, read already (read_engine_input).
std::unique_ptr<Engine> make_engine(json input, json& error, std::optional<EntityStore> documents = std::nullopt);

// An engine's input read from its JSON text. The resources of its documents become entities one at
// a time (`documents`), so that a site's export is never held as a tree; `parsed.value` then holds
// each document without its `data` and `included`. Text that is not plainly well-formed, and
// documents whose resources are refused, are read whole as parse_json reads them (`documents`
// empty): make_engine then gives the same engine, or the same error, as ever.
struct EngineInput {
  ParsedJson parsed;
  std::optional<EntityStore> documents;
};
EngineInput read_engine_input(const std::string& text);

// The plan, a pure function: make_engine's input plus "snapshot" (Moodle's answers, as observed)
// and "allow_removals"; a read the snapshot lacks is answered as an empty Moodle answers it.
// With an empty snapshot this is the preview. Returns {ok, value: plan} or {ok: false, error}.
json plan_sync(json input);
// The same answer as the text of plan_sync's value, written entity by entity: a plan's tree is
// never built whole (call_api_text answers `plan` and `preview` so).
std::string plan_sync_text(json input, bool ascii, std::optional<EntityStore> documents = std::nullopt);

}  // namespace moodle_sync

namespace moodle_sync {

// Runs an engine against scripted Moodle answers, for decision vectors: `input` is make_engine's
// input plus "answers" (HTTP replies for the calls, in order) and optionally "write_back_errors"
// (entity labels whose write-back or write_fields fails, or {label, error, class?, field?}: the source's answer). Returns the actions taken and the report, condensed.
json replay_engine(const json& input);

}  // namespace moodle_sync
