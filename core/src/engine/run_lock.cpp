#include "engine/run_lock.hpp"

namespace moodle_sync {
namespace {

// A person must look before another run may start: the exit code of a set-up problem.
constexpr int kRefusedExitCode = 2;

bool is_holder(const json& held) {
  return held.is_object() && held.contains("pid") && held["pid"].is_number_integer() && held.contains("host") &&
         held["host"].is_string() && held.contains("started_at") && held["started_at"].is_string();
}

std::string holder_text(const json& held) {
  return "pid " + std::to_string(held["pid"].get<long long>()) + " on host " + held["host"].get<std::string>() + ", started " +
         held["started_at"].get<std::string>();
}

json refuse(const std::string& message) {
  return {{"decision", "refuse"}, {"message", message}, {"exit_code", kRefusedExitCode}};
}

}  // namespace

json decide_run_lock(const json& in) {
  const std::string file = in.value("lock_file", std::string("the lock file"));
  const json held = in.value("held", json());
  if (held.is_null() && !in.contains("held_text")) return {{"decision", "take"}};
  if (!is_holder(held)) {
    return refuse(file + " exists but does not say which run holds it (expected {pid, host, started_at}): if no run is going, remove it");
  }
  const json me = in.value("me", json::object());
  const bool same_host = me.is_object() && me.value("host", json()) == held["host"];
  if (!same_host) {
    return refuse("another run holds " + file + ": " + holder_text(held) + ". Its process cannot be checked from this host (" +
                  me.value("host", std::string("?")) + "): if that run is over, remove " + file);
  }
  // Our own pid in a lock we have not taken yet: a dead run's pid, given to this process since.
  const bool own_pid = me.value("pid", json()) == held["pid"];
  const json alive = in.value("holder_alive", json());
  if (own_pid || alive == json(false)) {
    return {{"decision", "take_over"},
            {"note", "a run that ended without removing its lock (" + holder_text(held) + ") left " + file + "; this run took it over"}};
  }
  return refuse("another run holds " + file + ": " + holder_text(held) + ". Wait for it to end (or stop it) and run again");
}

}  // namespace moodle_sync
