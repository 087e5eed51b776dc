#pragma once
// The engine's inside, shared by its phases (engine.cpp), its Moodle calls (engine_calls.cpp)
// and its report (engine_report.cpp).
#include <algorithm>
#include <deque>
#include <set>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/engine_batch.hpp"
#include "engine/outcome.hpp"
#include "moodle/moodle_index.hpp"
#include "moodle_sync/engine.hpp"
#include "moodle_sync/issues.hpp"
#include "moodle_sync/moodle_answer.hpp"
#include "moodle_sync/moodle_id.hpp"
#include "moodle_sync/site_guard.hpp"

namespace moodle_sync {

// One entity on its way through one component.
struct Run {
  std::string component;
  Entity* entity = nullptr;
  std::string idnumber;
  MoodleIdDecision decision;
  long long moodle_id = 0;
  Outcome outcome = Outcome::none;  // none until finished
  Intent planned = Intent::none;    // for blocked entities: what would have been done
  json changes = json::object();
  json error;           // {"message", "field"?, "class"?, "errorcode"?}
  std::string note;
  std::string cause;     // skipped: the entity it depends on that could not be synced, and why
  json followup;         // an update to send once a create gave the id (e.g. suspended users)
  bool waiting = false;
  int attempts = 0;
  // A create whose answer was a 504 or the client's time limit may still be running in Moodle:
  // the entity is read back (settle_reads times at most) before the create is sent again.
  bool settling = false;
  int settle_reads = 0;
  long long template_id = 0;  // a course to be copied from this template

  bool finished() const { return outcome != Outcome::none; }
};

struct Task {
  json action;
  std::function<void(const json& result)> on_result;
  int retries = 0;
  std::string read_key;  // a read: its key in the snapshot
  bool local = false;    // answered from the snapshot (or as an empty Moodle): never sent
  bool counted = false;  // a local answer that Moodle gave in observe: counted as a call
  json local_result;
  // The writes that must stay together (an intent journaled before its call, the call) share a
  // group: a run stopped by its time budget drops a group not yet begun, never part of one.
  // 0: a task that goes on with what was begun (a record, a write-back, a read); never dropped.
  long long group = 0;
};

enum class Phase { start, observe, components, finished };

struct EnrolmentWish;  // components/enrolments/enrolments_state.hpp

class Component;
struct ComponentRead;

// What one component keeps during a run (its own reads, its look-ups); defined in its folder.
struct ComponentState {
  virtual ~ComponentState() = default;
};

struct Engine::State {
  EngineSetup setup;
  GuardDecision guard;
  bool writes = false;  // the guard passed and this is not a dry run
  std::map<std::string, MoodleTable> tables;
  std::deque<Run> runs;                 // a deque: Run pointers held by queued calls stay valid
  std::deque<Entity> orphan_entities;   // stand-ins for entities deleted in Drupal
  std::vector<std::string> notes;       // run-level remarks for the report
  std::map<std::pair<std::string, std::string>, long long> journal_ids;
  // (type, uuid) -> the shortname of a copy being made, and the highest course id before it
  std::map<std::pair<std::string, std::string>, std::pair<std::string, long long>> copy_intents;
  std::deque<Task> queue;
  bool has_current = false;
  Task current;
  long long next_action_id = 1;
  std::size_t finished_count = 0;
  Phase phase = Phase::start;
  std::size_t component_index = 0;
  // Read keys are indexed here because a JSON object finds a key by comparing it with each of its
  // keys in turn: a run of thousands of reads was quadratic.
  json observed = json::object();  // read key -> Moodle's reply, for the snapshot
  std::unordered_map<std::string, std::size_t> observed_at;  // read key -> its place in `observed`
  std::unordered_map<std::string_view, json*> snapshot_left;  // the snapshot's answers not used yet: each answers one read
  bool snapshot_indexed = false;
  json fatal;  // a credentials, permission or protocol failure that stops all writes
  // The time budget (engine_budget.cpp): the time the host measured so far, and once it reached
  // the budget {"reason": "budget", "spent_ms"}: no new group of writes is begun.
  long long spent_ms = 0;
  json stopped;
  long long next_group = 1;
  std::set<long long> begun_groups;
  long long new_group() { return next_group++; }
  void count_elapsed(const json& result);
  void stop_at_safe_point();  // engine_budget.cpp: called before each action is handed out
  // A run that did not go all the way: its marks do not move (state_records.cpp).
  bool cut_short() const { return !fatal.is_null() || !stopped.is_null(); }
  std::map<std::string, std::unique_ptr<ComponentState>> component_states;  // by component name

  // The state store: what this run journaled, the write-backs that landed, and the export's moodle
  // ids as loaded, so that the core decides what the store keeps (journal_replace).
  json journal_written = json::array();
  // Where each enrolment's record is in journal_written: only an enrolment's latest record counts
  // (at its first place), so its confirmation takes its intent's place (tens of thousands on a
  // people site). keep_written() adds a record this run journaled (state_records.cpp).
  std::unordered_map<std::string, std::size_t> written_enrolment_at;
  void keep_written(const json& record);
  bool journal_failed = false;
  bool journal_replaced = false;
  std::string kept_text;  // the journal_replace action's state as the file's text, until it is answered
  std::map<std::pair<std::string, std::string>, std::string> written_back, field_at_load;
  // A live source's write-backs: the `changed` Drupal's answer gave the entity (unix s).
  std::map<std::pair<std::string, std::string>, long long> written_changed;

  static constexpr long long next_placeholder_start = 1000000000000000LL;
  int calls_total = 0;
  json calls_by_function = json::object();
  long long next_placeholder = 1000000000000000LL;  // dry-run ids: never sent anywhere
  std::map<long long, std::string> placeholder_labels;  // dry-run id -> the entity that would get it
  std::size_t budget = 5000;
  std::size_t max_items = 100;
  int retries = 3;
  long long retry_delay_ms = 500;

  // engine.cpp
  void advance();
  void count_call(const std::string& wsfunction);
  void start();
  void fail_shared_claims();
  std::string foreign_idnumber(const Run& r, const json& record);
  void finish(Run& run, Outcome outcome);
  void fail(Run& run, json error);
  void skip(Run& run, const std::string& cause);
  void set_moodle_id(Run& run, long long id);
  std::vector<Run*> runs_of(const std::string& component);
  bool plan_objects(const Component& component);
  const json* find_existing(const Component& component, Run& r, const json& item, json& conflict, bool copy);
  // The state a component keeps during this run, made on first use.
  template <class T>
  T& state_of(const std::string& component) {
    auto& p = component_states[component];
    if (!p) p = std::make_unique<T>();
    return static_cast<T&>(*p);
  }
  // The state a component kept during this run, or null when it made none.
  template <class T>
  const T* state_if(const std::string& component) const {
    auto found = component_states.find(component);
    return found == component_states.end() ? nullptr : static_cast<const T*>(found->second.get());
  }

  // engine_calls.cpp
  void push_call(const std::string& wsfunction, json params, const std::string& purpose,
                 std::function<void(const MoodleAnswer&)> on_answer, bool front = false);
  void push_read(const std::string& wsfunction, json params, const std::string& what,
                 std::function<void(const json&)> on_value, int attempt = 0);
  void queue_read(const ComponentRead& read);
  bool answer_locally(Task& task, const std::string& wsfunction);
  void shape_error(const std::string& wsfunction);
  void queue_value_reads(const std::string& wsfunction, const std::string& field, const std::vector<json>& values,
                         const std::string& what, std::function<void(const json&)> on_value);

  // engine_batches.cpp
  void queue_batches(const BatchSpec& spec, std::vector<Run*> item_runs, std::vector<json> items);
  void queue_batch(const BatchSpec& spec, std::vector<Run*> item_runs, std::vector<json> items, bool front);
  void item_succeeded(const BatchSpec& spec, Run& r);
  void members_added(const BatchSpec& spec, const std::vector<Run*>& item_runs, const std::vector<json>& items, const MoodleAnswer& a);
  void created(const BatchSpec& spec, const std::vector<Run*>& item_runs, const std::vector<json>& items, const MoodleAnswer& a);
  void handle_failure(const BatchSpec& spec, std::vector<Run*> item_runs, std::vector<json> items, const CallError& error, bool front);
  void queue_record_and_write_back(std::vector<Run*> done, bool front);
  bool hold_unsettled_create(Run& r);
  void reread_after_wait(const std::string& component, const std::vector<Run*>& held);
  json journal_record(const Run& r) const;
  Task journal_task(json records, std::vector<Run*> concerned);
  Task write_back_task(Run& run);
  void write_back_failed(Run& run, const json& result);
  std::string refused_write(const json& result, const std::string& what, std::string& why);
  bool write_backs_stopped = false;  // the source refused a write-back for its set-up or credentials

  // write_fields.cpp: a completion run's writes of Drupal fields (run.changes says old -> new)
  Task write_fields_task(Run& run, json fields);
  void write_fields_failed(Run& run, const json& result);

  // engine_specs.cpp
  BatchSpec create_spec(const std::string& component);
  BatchSpec update_spec(const std::string& component);
  BatchSpec delete_spec(const std::string& component);
  void reread(const std::string& component);

  // components/memberships, components/enrolments
  bool plan_memberships();
  bool plan_enrolments();
  void collect_enrolment_wishes();
  void merge_enrolment_wishes(std::vector<EnrolmentWish>& candidates);
  void decide_enrolments();
  void load_enrolment_journal();
  void read_enrolments_of(long long course);
  // state_records.cpp: the records the state store keeps after this run
  void snapshot_state_fields();
  void observe(const std::string& read_key, json result);
  void collect_high_water();
  // The records the store keeps, each handed to `keep` in the file's order (never gathered in a tree).
  void each_kept_state_record(const std::function<void(const json&)>& keep) const;
  json resume_record(const json& records) const;
  void read_state_records(const std::map<std::string, json>& high_water,
                          const std::map<std::pair<std::string, std::string>, json>& pending,
                          const std::map<std::pair<std::string, std::string>, json>& written,
                          const std::function<void(const json&)>& keep) const;
  std::map<std::string, long long> read_high_water;  // type -> the largest `changed` read in this run (unix s)
  // `id_type`: the field may instead be an attribute holding the id of an entity of that type.
  // `cause`: set when the referenced entity could not be synced (what refers to it is skipped).
  long long referenced_id(const Entity& e, const std::string& path, std::string& why, bool* ignored = nullptr,
                          const std::string& id_type = "", std::string* cause = nullptr);
  long long date_of(const Entity& e, const std::string& path);

  // components/courses/template_copy.cpp
  void queue_duplicate(Run& run, long long template_id, json item);

  // read_scope.cpp: what this run read (engine input `read`)
  bool partial(const std::string& type) const;  // an entity missing from the documents may still exist
  bool has_census(const std::string& type) const;
  bool gone_by_census(const std::string& type, const std::string& uuid) const;  // not read, and not in the census
  // Drupal no longer has it: not read, and the census (or a complete read of its type) lacks it.
  bool known_gone(const std::string& type, const std::string& uuid) const;
  bool gone_by_event(const std::string& type, const std::string& uuid) const;  // read.gone: its GET answered 404
  std::set<std::string> census_idnumbers(const std::string& type, const std::string& pattern) const;
  // The idnumbers (from the events' entity ids) and Moodle ids (from the journal) of the entities
  // of `type` gone by event: the only objects an events run may remove.
  std::set<std::string> event_gone_idnumbers(const std::string& type, const std::string& pattern) const;
  std::set<long long> event_gone_moodle_ids(const std::string& type) const;
  void note_read_scope();

  // engine_orphans.cpp
  void queue_orphans(const std::string& component);

  // engine_report.cpp
  json report() const;
  // plan_value.cpp
  json calls_of(const Run& r, Intent intent) const;
};

json error_json(const CallError& e);
// The exit code of a report or plan (engine_report.cpp): the one policy every host follows.
int exit_code_of(const json& report);

}  // namespace moodle_sync
