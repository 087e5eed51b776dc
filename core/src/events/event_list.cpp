#include "events/event_list.hpp"

#include <map>
#include <stdexcept>

#include "events/event_types.hpp"
#include "moodle_sync/transforms.hpp"

namespace moodle_sync {

std::vector<EntityEvent> last_event_per_entity(const json& events) {
  if (!events.is_array()) throw std::invalid_argument("\"events\" must be a list of {op, type, uuid, id?}");
  std::vector<EntityEvent> out;
  std::map<std::pair<std::string, std::string>, std::size_t> at;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const std::string where = "events[" + std::to_string(i) + "]";
    const json& e = events[i];
    if (!e.is_object()) throw std::invalid_argument(where + ": expected {op, type, uuid, id?}");
    const json op = e.value("op", json()), type = e.value("type", json()), uuid = e.value("uuid", json());
    if (op != "insert" && op != "update" && op != "delete") throw std::invalid_argument(where + ".op: expected insert, update or delete");
    if (!type.is_string() || type.get<std::string>().find("--") == std::string::npos) throw std::invalid_argument(where + ".type: expected a JSON:API type");
    if (!uuid.is_string() || !is_uuid(uuid.get<std::string>())) throw std::invalid_argument(where + ".uuid: expected the entity's uuid");
    EntityEvent event{op.get<std::string>(), type.get<std::string>(), uuid.get<std::string>(), ""};
    if (e.contains("id") && (e["id"].is_string() || e["id"].is_number_integer())) event.id = e["id"].is_string() ? e["id"].get<std::string>() : to_text(e["id"]);
    auto [it, fresh] = at.emplace(std::make_pair(event.type, event.uuid), out.size());
    if (fresh) {
      out.push_back(std::move(event));
      continue;
    }
    EntityEvent& kept = out[it->second];
    if (event.id.empty()) event.id = kept.id;
    // An insert then an update is still an insert (nothing of it may exist in Moodle yet).
    if (kept.op == "insert" && event.op == "update") event.op = "insert";
    kept = std::move(event);
  }
  return out;
}

}  // namespace moodle_sync
