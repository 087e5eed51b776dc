// The engine's Moodle calls: encoding under the budget, decoding the answer, and the reads of the
// observe phase (retried when they fail transiently; a read that cannot be done stops the run).
#include <algorithm>

#include "engine/component.hpp"
#include "engine/engine_state.hpp"
#include "moodle_sync/rest_request.hpp"

namespace moodle_sync {

json error_json(const CallError& e) {
  json j = {{"class", to_string(e.error_class)}, {"message", e.message}};
  if (!e.errorcode.empty()) j["errorcode"] = e.errorcode;
  return j;
}

void Engine::State::push_call(const std::string& wsfunction, json params, const std::string& purpose,
                              std::function<void(const MoodleAnswer&)> on_answer, bool front) {
  EncodedCall encoded = encode_call(wsfunction, params, budget);
  Task task;
  task.action = {{"kind", "call"}, {"wsfunction", wsfunction}, {"purpose", purpose}, {"variables", encoded.variables},
                 {"body", encoded.body}, {"params", std::move(params)}};
  task.on_result = [this, on_answer = std::move(on_answer)](const json& result) { on_answer(decode_answer(http_reply_from_json(result))); };
  if (front) queue.push_front(std::move(task));
  else queue.push_back(std::move(task));
}

void Engine::State::push_read(const std::string& wsfunction, json params, const std::string& what,
                              std::function<void(const json&)> on_value, int attempt) {
  std::function<void(const MoodleAnswer&)> on_answer = [this, wsfunction, params, what, on_value, attempt](const MoodleAnswer& a) {
    if (!a.ok && a.error.error_class == ErrorClass::transient && attempt < retries) {
      push_read(wsfunction, params, what, on_value, attempt + 1);
      queue.front().action["delay_ms"] = std::min(retry_delay_ms << attempt, 60000LL);
      return;
    }
    if (!a.ok) {
      // Without knowing what exists, no write is safe: a failed read stops the run.
      fatal = error_json(a.error);
      fatal["message"] = "reading " + what + " failed: " + a.error.message;
      return;
    }
    on_value(a.value);
  };
  Task local;
  local.read_key = read_key(wsfunction, params);
  if (answer_locally(local, wsfunction)) {
    // Answered here and never shown to the host: not encoded (a plan answers thousands of reads).
    local.action = {{"kind", "call"}, {"wsfunction", wsfunction}, {"purpose", "read " + what}, {"params", std::move(params)}};
    local.on_result = [on_answer = std::move(on_answer)](const json& result) { on_answer(decode_answer(http_reply_from_json(result))); };
    queue.push_front(std::move(local));
    return;
  }
  push_call(wsfunction, std::move(params), "read " + what, std::move(on_answer), true);
  queue.front().read_key = std::move(local.read_key);
}

// A read already observed is answered from the snapshot; offline (plan, preview) any other read
// is answered as an empty Moodle answers it.
bool Engine::State::answer_locally(Task& task, const std::string& wsfunction) {
  if (!snapshot_indexed) {
    snapshot_indexed = true;
    if (setup.snapshot.is_object()) {
      for (auto& [key, answer] : setup.snapshot.get_ref<json::object_t&>()) snapshot_left.emplace(key, &answer);
    }
  }
  if (auto found = snapshot_left.find(task.read_key); found != snapshot_left.end()) {
    task.local = task.counted = true;
    task.local_result = std::move(*found->second);  // each answer answers one read: taken, not copied
    snapshot_left.erase(found);
    return true;
  }
  if (!setup.offline) return false;
  task.local = true;
  task.local_result = {{"status", 200}, {"body", wsfunction == "core_user_get_users" ? R"({"users":[],"warnings":[]})" : "[]"}};
  return true;
}

std::string read_key(const std::string& wsfunction, const json& params) { return wsfunction + " " + params.dump(); }

// A retried read keeps its last answer, in the place of its first.
void Engine::State::observe(const std::string& read_key, json result) {
  auto& answers = observed.get_ref<json::object_t&>();
  auto [at, added] = observed_at.try_emplace(read_key, answers.size());
  if (added) {
    answers.emplace_back(read_key, std::move(result));
  } else {
    (answers.begin() + static_cast<long>(at->second))->second = std::move(result);
  }
}

// A read of a whole table that a component declared; its answer replaces what was known.
void Engine::State::queue_read(const ComponentRead& read) {
  push_read(read.wsfunction, read.params, read.what, [this, table = read.table, fn = read.wsfunction, load = read.load](const json& v) {
    tables[table].clear();
    if (!load(tables[table], v)) shape_error(fn);
  });
}

// An answer of the wrong shape is not "Moodle is empty": nothing is written on its strength.
void Engine::State::shape_error(const std::string& wsfunction) {
  fatal = {{"class", "protocol"}, {"message", "Moodle's answer to " + wsfunction + " is not the list of records it should be"}};
}

// Reads the values in lists of as many as the budget allows, one call per list.
void Engine::State::queue_value_reads(const std::string& wsfunction, const std::string& field, const std::vector<json>& values,
                                      const std::string& what, std::function<void(const json&)> on_value) {
  std::vector<std::size_t> sizes(values.size(), 1);
  auto batches = plan_batches(sizes, kFixedVariables + 1, budget, 0);
  for (auto it = batches.rbegin(); it != batches.rend(); ++it) {
    json list = std::vector<json>(values.begin() + static_cast<long>(it->begin), values.begin() + static_cast<long>(it->end));
    push_read(wsfunction, {{"field", field}, {"values", list}}, what, on_value);
  }
}

}  // namespace moodle_sync
