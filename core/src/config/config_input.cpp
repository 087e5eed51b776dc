// The configuration as hosts send it beside a request: its text (or the parsed document) and the
// file name that messages use.
#include "moodle_sync/config.hpp"

namespace moodle_sync {

bool config_from_input(const json& in, Config& config, json& error) {
  std::string file = in.value("file", "config.json");
  ConfigResult r = in.contains("text") && in["text"].is_string() ? load_config(in["text"].get<std::string>(), file)
                                                                  : load_config(in.contains("config") ? in["config"] : json());
  if (!r.ok()) {
    json issues = json::array();
    for (const auto& i : r.issues) issues.push_back(to_json(i));
    std::string message = format_issues(r.issues, file);
    if (!message.empty()) message.pop_back();
    error = {{"kind", "config"}, {"message", message}, {"issues", issues}};
    return false;
  }
  config = std::move(r.config);
  return true;
}

}  // namespace moodle_sync
