#include "moodle_sync/required_functions.hpp"

#include "components/registry.hpp"

namespace moodle_sync {

std::map<std::string, std::vector<std::string>> required_functions(const Config& config) {
  std::map<std::string, std::vector<std::string>> out;
  out["site"] = {"core_webservice_get_site_info"};
  for (const Component* c : components()) {
    if (!config.enabled(c->name())) continue;
    std::vector<std::string> functions = c->required_functions(config);
    if (!functions.empty()) out[c->name()] = std::move(functions);
  }
  return out;
}

}  // namespace moodle_sync
