#include "events/event_parse.hpp"

#include <stdexcept>

#include "events/event_types.hpp"
#include "moodle_sync/transforms.hpp"
#include "moodle_sync/json_text.hpp"

namespace moodle_sync {
namespace {

[[noreturn]] void bad(const std::string& path, const std::string& what) { throw EventInputError(path + ": " + what); }

struct Parsed {
  json events = json::array();
  json ignored = json::array();
  std::set<std::string> synced;

  void keep(std::size_t index, json event) {
    const std::string type = event["type"].get<std::string>();
    if (!synced.count(type)) {
      ignored.push_back({{"index", index}, {"reason", type + " is not synced by this configuration"}});
      return;
    }
    events.push_back(std::move(event));
  }
};

std::string id_text(const json& v, const std::string& path) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return to_text(v);
  bad(path, "expected the entity id as a string or an integer, got " + to_text(v));
}

void read_ours(const json& e, const std::string& at, std::size_t index, Parsed& out) {
  if (!e.is_object()) bad(at, "expected an event {op, type, uuid, id?}, got " + std::string(e.type_name()));
  const json op = e.value("op", json());
  if (op != "insert" && op != "update" && op != "delete") bad(at + ".op", "expected \"insert\", \"update\" or \"delete\", got " + to_text(op));
  const json type = e.value("type", json());
  if (!type.is_string() || type.get<std::string>().find("--") == std::string::npos) {
    bad(at + ".type", "expected a JSON:API type such as \"node--course\", got " + to_text(type));
  }
  const json uuid = e.value("uuid", json());
  if (!uuid.is_string() || !is_uuid(uuid.get<std::string>())) bad(at + ".uuid", "expected the entity's uuid, got " + to_text(uuid));
  json event = {{"op", op}, {"type", type}, {"uuid", uuid}};
  if (e.contains("id") && !e["id"].is_null()) event["id"] = id_text(e["id"], at + ".id");
  out.keep(index, std::move(event));
}

// A core serialization field's first item: [{"value": 12}] or [{"target_id": "course"}].
const json* first_item(const json& entity, const std::string& field, const char* key) {
  auto f = entity.find(field);
  if (f == entity.end() || !f->is_array() || f->empty() || !(*f)[0].is_object() || !(*f)[0].contains(key)) return nullptr;
  return &(*f)[0][key];
}

void read_webhooks(const json& body, const std::string& header, Parsed& out) {
  if (!body.is_object()) bad("$", "expected the webhooks module's object {event, entity}, got " + std::string(body.type_name()));
  const json name = body.contains("event") ? body["event"] : json(header);
  if (!name.is_string() || name.get<std::string>().empty()) bad("$.event", "expected the event's name, e.g. \"entity:node:update\"");
  const std::string event = name.get<std::string>();
  // entity:<entity type>:<create|update|delete>
  auto first = event.find(':'), last = event.rfind(':');
  if (event.compare(0, first, "entity") != 0 || first == last) {
    out.ignored.push_back({{"index", 0}, {"reason", "\"" + event + "\" is not an entity event"}});
    return;
  }
  const std::string entity_type = event.substr(first + 1, last - first - 1), action = event.substr(last + 1);
  const std::string op = action == "create" ? "insert" : action;
  if (op != "insert" && op != "update" && op != "delete") {
    out.ignored.push_back({{"index", 0}, {"reason", "\"" + event + "\": only create, update and delete change what is synced"}});
    return;
  }
  const json& entity = body.value("entity", json());
  if (!entity.is_object()) bad("$.entity", "expected the entity in Drupal's serialization, got " + std::string(entity.type_name()));
  const json* uuid = first_item(entity, "uuid", "value");
  if (!uuid || !uuid->is_string() || !is_uuid(uuid->get<std::string>())) bad("$.entity.uuid", "expected [{\"value\": \"<uuid>\"}]");
  std::string bundle = entity_type;
  if (const std::string field = bundle_field(entity_type); !field.empty()) {
    const json* b = first_item(entity, field, "target_id");
    if (!b || !b->is_string() || b->get<std::string>().empty()) bad("$.entity." + field, "expected [{\"target_id\": \"<bundle>\"}]");
    bundle = b->get<std::string>();
  }
  json out_event = {{"op", op}, {"type", entity_type + "--" + bundle}, {"uuid", *uuid}};
  const std::string key = id_field(entity_type);
  if (const json* id = first_item(entity, key, "value"); id && !id->is_null()) out_event["id"] = id_text(*id, "$.entity." + key + "[0].value");
  out.keep(0, std::move(out_event));
}

}  // namespace

json event_parse(const Config& config, const json& in) {
  // A host's mistake, not the sender's: an input error, not a 400.
  if (!in.value("body", json()).is_string()) throw std::invalid_argument("input \"body\": expected the request body as text");
  const json body = parse_json_or_discarded(in["body"].get<std::string>());
  if (body.is_discarded()) bad("$", "not valid JSON");
  const std::string form = in.value("form", std::string("ours"));
  Parsed out;
  out.synced = synced_types(config);
  if (form == "webhooks") {
    read_webhooks(body, in.value("event_header", json()).is_string() ? in["event_header"].get<std::string>() : "", out);
  } else if (form != "ours") {
    throw std::invalid_argument("input \"form\": expected \"ours\" or \"webhooks\", got \"" + form + "\"");
  } else if (body.is_array() || (body.is_object() && body.contains("events"))) {
    const std::string at = body.is_array() ? "$" : "$.events";
    const json& list = body.is_array() ? body : body["events"];
    if (!list.is_array()) bad(at, "expected a list of events");
    if (list.empty()) bad(at, "expected at least one event");
    for (std::size_t i = 0; i < list.size(); ++i) read_ours(list[i], at + "[" + std::to_string(i) + "]", i, out);
  } else {
    read_ours(body, "$", 0, out);
  }
  return {{"events", out.events}, {"ignored", out.ignored}};
}

}  // namespace moodle_sync
