// Following a field to the entity it points at: a JSON:API relationship, or an attribute holding
// another entity's id, as the Registration module stores its host (`entity_type_id` + `entity_id`).
#include "moodle_sync/entity.hpp"

namespace moodle_sync {

FieldTarget EntityStore::target_of(const Entity& entity, const std::string& path, const std::string& id_type) const {
  PathValue v = resolve(entity, path);
  if (!v.found) return {nullptr, v.problem};
  static const json none;
  const json& value = v.value.is_array() ? (v.value.empty() ? none : v.value[0]) : v.value;
  if (value.is_null()) return {nullptr, path + " is empty"};
  if (is_reference(value)) {
    const std::string& type = value["type"].get_ref<const std::string&>();
    const std::string& uuid = value["id"].get_ref<const std::string&>();
    const Entity* target = find(type, uuid);
    if (!target) return {nullptr, path + " references " + type + " " + uuid + ", which is not in the export"};
    return {target, {}};
  }
  std::optional<EntityId> id = id_type.empty() ? std::nullopt : EntityId::from_value(value);
  if (!id) return {nullptr, path + " is not a valid reference"};
  // The id alone does not say of what: a host of another entity type may share the number.
  std::string wanted = id_type.substr(0, id_type.find("--"));
  auto host_type = entity.attributes.find("entity_type_id");
  if (host_type != entity.attributes.end() && *host_type != wanted) {
    std::string host = host_type->is_string() ? host_type->get<std::string>() : to_text(*host_type);
    return {nullptr, path + " is the id of a " + host + " entity (entity_type_id), expected a " + wanted + " (" + id_type + ")"};
  }
  const Entity* target = find_by_id(id_type, *id);
  if (!target) return {nullptr, path + " is " + id_type + " " + id->text() + ", which is not in the export"};
  return {target, {}};
}

}  // namespace moodle_sync
