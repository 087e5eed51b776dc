#include "events/event_answer.hpp"

#include <stdexcept>

namespace moodle_sync {

json event_answer(const json& in) {
  if (!in.is_object()) throw std::invalid_argument("the input must be an object");
  const std::string state = in.value("state", std::string());
  const json run_id = in.value("run_id", json());
  const json ignored = in.value("ignored", json::array());
  if (state == "done") {
    if (!in.contains("report")) throw std::invalid_argument("state \"done\" needs the run's \"report\"");
    return {{"status", 200}, {"body", {{"run_id", run_id}, {"state", state}, {"report", in["report"]}}}};
  }
  if (state == "queued" || state == "running") {
    json body = {{"run_id", run_id}, {"state", state}, {"accepted", in.value("accepted", json(0))}};
    if (ignored.is_array() && !ignored.empty()) body["ignored"] = ignored;
    return {{"status", 202}, {"body", body}};
  }
  // A delivery seen before was queued then: the sender must not send it again, so 200.
  if (state == "duplicate") return {{"status", 200}, {"body", {{"state", state}}}};
  // Nothing in the body is synced (another bundle, a system event): the sender did nothing wrong.
  if (state == "ignored") return {{"status", 200}, {"body", {{"state", state}, {"accepted", 0}, {"ignored", ignored}}}};
  throw std::invalid_argument("\"state\": expected done, queued, running, duplicate or ignored, got \"" + state + "\"");
}

}  // namespace moodle_sync
