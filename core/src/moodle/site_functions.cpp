#include "moodle/site_functions.hpp"

#include <set>

#include "moodle_sync/required_functions.hpp"

namespace moodle_sync {
namespace {

std::string why_refused(const std::string& error_class) {
  if (error_class == "credentials") return "refused the token";
  if (error_class == "permission") return "denied the token's user";
  return "could not be asked";
}

// The function names of a site-info value, or false when it is not shaped like one.
bool function_names(const json& info, std::set<std::string>& names) {
  if (!info.is_object() || !info.contains("functions") || !info["functions"].is_array()) return false;
  for (const auto& f : info["functions"]) {
    if (!f.is_object() || !f.contains("name") || !f["name"].is_string()) return false;
    names.insert(f["name"].get<std::string>());
  }
  return true;
}

std::string text_or(const json& info, const char* key, const std::string& otherwise) {
  return info.contains(key) && info[key].is_string() ? info[key].get<std::string>() : otherwise;
}

}  // namespace

json check_site_functions(const Config& config, const json& site_info) {
  json lines = json::array(), problems = json::array(), components = json::array();
  const std::string at = "Moodle at " + config.settings["moodle"].value("url", std::string("?"));
  json out = {{"lines", lines}, {"problems", problems}, {"components", components}};
  if (!site_info.is_object() || !site_info.value("ok", false)) {
    const json error = site_info.is_object() ? site_info.value("error", json::object()) : json::object();
    const std::string error_class = error.is_object() ? error.value("class", std::string("protocol")) : "protocol";
    const std::string message = error.is_object() ? error.value("message", std::string("no answer")) : "no answer";
    out["problems"].push_back(at + " " + why_refused(error_class) + ": " + error_class + ": " + message);
    return out;
  }
  const json& info = site_info.contains("value") ? site_info["value"] : json();
  std::set<std::string> have;
  if (!function_names(info, have)) {
    out["problems"].push_back(at + ": protocol: core_webservice_get_site_info did not answer the site and its functions");
    return out;
  }
  std::string release = text_or(info, "release", text_or(info, "version", "version unknown"));
  out["lines"].push_back("Moodle: " + text_or(info, "sitename", "?") + " (" + release + ") at " +
                         config.settings["moodle"].value("url", std::string("?")) + ", as user " + text_or(info, "username", "?"));
  for (const auto& [component, needed] : required_functions(config)) {
    json missing = json::array();
    for (const auto& f : needed) {
      if (!have.count(f)) missing.push_back(f);
    }
    if (missing.empty()) {
      out["lines"].push_back(component + ": every function needed is in the service (" + std::to_string(needed.size()) + ")");
    } else {
      std::string list;
      for (const auto& f : missing) list += (list.empty() ? "" : ", ") + f.get<std::string>();
      out["problems"].push_back(component + ": the service lacks " + list);
    }
    out["components"].push_back({{"component", component}, {"needed", needed}, {"missing", missing}});
  }
  return out;
}

}  // namespace moodle_sync
