#pragma once
// The engine's inside, shared by its phases (engine.cpp), its Moodle calls (engine_calls.cpp)
// and its report (engine_report.cpp).
#include <algorithm>
#include <deque>
#include <set>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "moodle_index.hpp"
#include "moodle_sync/engine.hpp"
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
  std::string outcome;  // empty until finished: created, adopted, updated, unchanged, ignored, stale, blocked, failed
  std::string planned;  // for blocked entities: what would have been done
  json changes = json::object();
  json error;           // {"message", "field"?, "class"?, "errorcode"?}
  std::string note;
  bool waiting = false;
  int attempts = 0;

  bool finished() const { return !outcome.empty(); }
};

struct Task {
  json action;
  std::function<void(const json& result)> on_result;
  int retries = 0;
};

enum class Phase { start, observe, components, finished };

struct Engine::State {
  EngineSetup setup;
  GuardDecision guard;
  bool writes = false;  // the guard passed and this is not a dry run
  std::map<std::string, MoodleTable> tables;
  std::deque<Run> runs;                 // a deque: Run pointers held by queued calls stay valid
  std::deque<Entity> orphan_entities;   // stand-ins for entities deleted in Drupal
  std::vector<std::string> notes;       // run-level remarks for the report
  std::map<std::pair<std::string, std::string>, long long> journal_ids;
  std::deque<Task> queue;
  bool has_current = false;
  Task current;
  long long next_action_id = 1;
  Phase phase = Phase::start;
  std::size_t component_index = 0;
  json fatal;  // a credentials, permission or protocol failure that stops all writes
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
  void start();
  bool plan_pass(const std::string& component);
  void finish(Run& run, const std::string& outcome);
  void fail(Run& run, json error);
  void set_moodle_id(Run& run, long long id);
  std::vector<Run*> runs_of(const std::string& component);

  // engine_calls.cpp
  void push_call(const std::string& wsfunction, json params, const std::string& purpose,
                 std::function<void(const MoodleAnswer&)> on_answer, bool front = false);
  void queue_reads(const std::string& table, int attempt = 0);
  void queue_creates(const std::string& component, std::vector<Run*> runs, std::vector<json> items);
  void queue_create_batch(const std::string& component, std::vector<Run*> runs, std::vector<json> items, bool front);
  void queue_updates(const std::string& component, std::vector<Run*> runs, std::vector<json> items);
  void queue_update_batch(const std::string& component, std::vector<Run*> runs, std::vector<json> items, bool front);
  void queue_duplicate(Run& run, long long template_id, json item);
  void queue_record_and_write_back(std::vector<Run*> runs, bool front);
  void handle_failure(const std::string& component, std::vector<Run*> runs, std::vector<json> items,
                      const CallError& error, bool create, bool front);

  // engine_orphans.cpp
  void queue_orphans(const std::string& component);
  void queue_course_deletes(std::vector<Run*> doomed);

  // engine_report.cpp
  json report() const;
};

json error_json(const CallError& e);

}  // namespace moodle_sync
