#include "events/event_types.hpp"

#include <cctype>

#include "drupal/read_plan.hpp"

namespace moodle_sync {

std::set<std::string> synced_types(const Config& config) {
  std::set<std::string> out;
  for (const auto& c : drupal::read_plan(config).collections) out.insert(c.type);
  return out;
}

std::string bundle_field(const std::string& entity_type) {
  if (entity_type == "user") return "";
  if (entity_type == "taxonomy_term") return "vid";
  return "type";  // node, registration, group, and most content entities
}

std::string id_field(const std::string& entity_type) {
  if (entity_type == "node") return "nid";
  if (entity_type == "user") return "uid";
  if (entity_type == "taxonomy_term") return "tid";
  return "id";  // registration, group
}

bool is_uuid(const std::string& text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

}  // namespace moodle_sync
