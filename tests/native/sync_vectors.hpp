#pragma once
// The sync cases of the decision vectors (replay_engine that runs, not a completion pull or push), and a dry
// run of one whose Moodle reads are answered as its own run's Moodle answered them: an observe of
// the Moodle the vector describes.
#include <algorithm>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "moodle_sync/engine.hpp"

namespace moodle_sync::testing_vectors {

struct SyncCase {
  std::string name;
  json input;
  json expect;
};

// Every file of tests/vectors, parsed, by name, in name order.
inline std::vector<std::pair<std::string, json>> vector_files() {
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(MOODLE_SYNC_VECTORS_DIR)) {
    if (entry.path().extension() == ".json") paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<std::pair<std::string, json>> out;
  for (const auto& path : paths) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    out.emplace_back(path.filename().string(), json::parse(text.str()));
  }
  return out;
}

inline std::vector<SyncCase> sync_cases() {
  std::vector<SyncCase> out;
  for (const auto& [file, doc] : vector_files()) {
    for (const auto& c : doc.at("cases")) {
      if (c.value("operation", doc.at("operation").get<std::string>()) != "replay_engine" || c.at("input").contains("completion")) continue;
      if (!c.at("expect").value("ok", false)) continue;  // an input the engine refuses runs nothing
      out.push_back({file + " / " + c.at("name").get<std::string>(), c.at("input"), c.at("expect")});
    }
  }
  return out;
}

// The calls of the vector's own run (condensed actions {call, params}), in order.
inline std::vector<json> calls_of_run(const SyncCase& c) {
  std::vector<json> out;
  const json actions = c.expect.contains("value") ? c.expect["value"].value("actions", json::array()) : json::array();
  for (const auto& a : actions) {
    if (a.contains("call")) out.push_back(a);
  }
  return out;
}

// What happens when the engine throws on an answer it is fed.
enum class AnswerThatThrows {
  escapes,        // to the test, which fails
  stops_the_run,  // the engine stops with its message, as replay_engine stops it
};

// Runs the engine to its end: `answer_for` answers each Moodle call; every other action (a journal
// record, a write-back) succeeds.
inline void drive(Engine& engine, AnswerThatThrows on_throw, const std::function<json(const json& call)>& answer_for) {
  for (int guard = 0; guard < 10000; ++guard) {
    json a = engine.next();
    if (a["kind"] == "done") return;
    if (a["kind"] != "call") {
      engine.feed({{"ok", true}});
      continue;
    }
    json answer = answer_for(a);
    try {
      engine.feed(answer);
    } catch (const std::exception& e) {
      if (on_throw == AnswerThatThrows::escapes) throw;
      engine.stop(e.what());
    }
  }
}

// A dry run of the case: `on_call` sees each call it sends; returns the engine once done (null when
// the input makes none).
inline std::unique_ptr<Engine> dry_run(const SyncCase& c, const std::function<void(const json& action)>& on_call) {
  std::map<std::string, std::deque<json>> answers;  // the n-th call of the vector's run got the n-th answer
  const json scripted = c.input.value("answers", json::array());
  std::size_t n = 0;
  for (const json& call : calls_of_run(c)) {
    if (n < scripted.size()) answers[call["call"].get<std::string>() + " " + call["params"].dump()].push_back(scripted[n]);
    ++n;
  }
  json input = c.input;
  input["dry_run"] = true;
  input.erase("answers");
  json error;
  auto engine = make_engine(input, error);
  if (!engine) return nullptr;
  drive(*engine, AnswerThatThrows::escapes, [&](const json& a) {
    on_call(a);
    const std::string fn = a["wsfunction"].get<std::string>();
    auto& queued = answers[fn + " " + a["params"].dump()];
    // A read the vector's own run did not make: as an empty Moodle answers it.
    json answer = {{"status", 200}, {"body", fn == "core_user_get_users" ? R"({"users":[],"warnings":[]})" : "[]"}};
    if (!queued.empty()) {
      answer = queued.front();
      if (queued.size() > 1) queued.pop_front();
    }
    return answer;
  });
  return engine;
}

}  // namespace moodle_sync::testing_vectors
