#include "moodle_sync/entity.hpp"

namespace moodle_sync {
namespace {

// JSON:API names an entity's id key drupal_internal__<key>: nid, tid, uid, registration_id, id
// (configuration entities), vid (vocabularies). Revisionable types have their revision key beside
// it: a node's drupal_internal__vid, a term's drupal_internal__revision_id. Reference meta
// (drupal_internal__target_id) is never an entity's own id.
const char kInternalPrefix[] = "drupal_internal__";

bool is_revision_key(const std::string& key) {
  return key == "drupal_internal__vid" || key == "drupal_internal__revision_id";
}

bool is_reference_key(const std::string& key) {
  return key == "drupal_internal__target_id" || key == "drupal_internal__target_revision_id";
}

std::string joined(const std::vector<std::string>& keys) {
  std::string out;
  for (const auto& k : keys) out += (out.empty() ? "" : ", ") + k;
  return out;
}

// The entity id among the attributes named `names`; `value_of(name)` gives one attribute's value.
template <class Names, class ValueOf>
EntityId read_internal_id(const Names& names, ValueOf value_of, const std::string& where) {
  std::vector<std::string> ids, revisions;
  for (const auto& name : names) {
    std::string key(name);
    if (key.rfind(kInternalPrefix, 0) != 0 || is_reference_key(key)) continue;
    (is_revision_key(key) ? revisions : ids).push_back(std::move(key));
  }
  if (ids.empty() && revisions.size() == 1) ids = revisions;  // a vocabulary: its id key is vid
  if (ids.empty() && revisions.empty()) return {};
  if (ids.size() != 1) {
    throw EntityFormatError(where + ".attributes: " + joined(ids.empty() ? revisions : ids) +
                            ": cannot tell which is the entity id (expected one id key, and at most a revision id beside it)");
  }
  const json value = value_of(ids[0]);
  if (value.is_null()) return {};
  if (auto id = EntityId::from_value(value)) return *id;
  throw EntityFormatError(where + ".attributes." + ids[0] + ": expected an entity id (an integer, or a machine name), got " + to_text(value));
}

bool is_index(const std::string& segment) {
  return !segment.empty() && segment.size() < 10 &&
         segment.find_first_not_of("0123456789") == std::string::npos;
}

// Two copies of a resource say the same when their fields do, in whatever order they were written.
bool same_fields(const Entity& a, const Entity& b) {
  return nlohmann::json(a.attributes.to_json()) == nlohmann::json(b.attributes.to_json()) &&
         nlohmann::json(a.relationships.to_json()) == nlohmann::json(b.relationships.to_json());
}

PathValue not_found(std::string problem) { return {false, json(), std::move(problem)}; }

// A JSON:API collection answered in pages links the next one; a saved page without it is the last.
bool has_next_page(const json& doc) {
  auto links = doc.find("links");
  if (links == doc.end() || !links->is_object()) return false;
  auto next = links->find("next");
  return next != links->end() && !next->is_null() && !(next->is_string() && next->get_ref<const std::string&>().empty());
}

// Walks the remaining segments inside a plain JSON value (attribute objects, lists by index).
PathValue walk_value(json value, const std::vector<std::string>& segs, std::size_t from, const std::string& walked) {
  std::string at = walked;
  for (std::size_t i = from; i < segs.size(); ++i) {
    const std::string& s = segs[i];
    if (value.is_null()) return {true, json(), {}};  // an empty field has empty parts
    if (value.is_array()) {
      if (!is_index(s)) return not_found(at + " is a multi-value field: say which value, e.g. " + at + ".0." + s);
      std::size_t k = std::stoul(s);
      value = k < value.size() ? json(value[k]) : json();
    } else if (value.is_object()) {
      auto it = value.find(s);
      if (it == value.end()) return not_found(at + " has no part \"" + s + "\"");
      value = json(*it);
    } else {
      return not_found(at + " is a single value, it has no part \"" + s + "\"");
    }
    at += "." + s;
  }
  return {true, std::move(value), {}};
}

}  // namespace

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> segs;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = path.find('.', start);
    segs.push_back(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return segs;
}

bool is_reference(const json& v) {
  return v.is_object() && v.contains("type") && v["type"].is_string() && v.contains("id") && v["id"].is_string();
}

std::string Entity::label() const {
  return type + " " + (id.empty() ? uuid : id.text());
}

std::string Entity::entity_type() const { return type.substr(0, type.find("--")); }

std::string Entity::bundle() const {
  auto at = type.find("--");
  return at == std::string::npos ? type : type.substr(at + 2);
}

namespace {

// Whether `value` nests deeper than `limit` levels; walks with a stack of its own, never recursing.
bool deeper_than(const json& value, std::size_t limit) {
  std::vector<std::pair<const json*, std::size_t>> stack{{&value, 1}};
  while (!stack.empty()) {
    auto [v, depth] = stack.back();
    stack.pop_back();
    if (!v->is_structured()) continue;
    if (depth > limit) return true;
    for (const auto& child : *v) stack.emplace_back(&child, depth + 1);
  }
  return false;
}

// A field too deep to read is dropped, and the entity marked unusable: it fails, naming the field,
// what refers to it is skipped, and nothing that deep is ever copied or compared.
void refuse_deep_fields(Entity& e, json& attributes, json& relationships, const std::string& where) {
  for (json* fields : {&attributes, &relationships}) {
    for (auto& [name, value] : fields->items()) {
      if (!deeper_than(value, kMaxFieldDepth)) continue;
      if (e.unusable.empty()) {
        e.unusable = where + ": " + e.label() + ": the field \"" + name + "\" is nested deeper than " +
                       std::to_string(kMaxFieldDepth) + " levels: the entity is not read";
      }
      value = nullptr;
    }
  }
}

}  // namespace

Entity parse_entity(json r, const std::string& where) {
  if (!r.is_object()) throw EntityFormatError(where + ": expected a JSON:API resource object, got " + std::string(r.type_name()));
  Entity e;
  if (!r.contains("type") || !r["type"].is_string() || r["type"].get<std::string>().empty()) {
    throw EntityFormatError(where + ".type: expected the resource type, e.g. \"node--course\"");
  }
  if (!r.contains("id") || !r["id"].is_string() || r["id"].get<std::string>().empty()) {
    throw EntityFormatError(where + ".id: expected the resource uuid");
  }
  e.type = r["type"].get<std::string>();
  e.uuid = r["id"].get<std::string>();
  json attributes = json::object();
  json relationships = json::object();
  if (r.contains("attributes")) {
    if (!r["attributes"].is_object()) throw EntityFormatError(where + ".attributes: expected an object");
    attributes = std::move(r["attributes"]);
  }
  if (r.contains("relationships") && !r["relationships"].is_null()) {
    if (!r["relationships"].is_object()) throw EntityFormatError(where + ".relationships: expected an object");
    relationships = std::move(r["relationships"]);
  }
  std::vector<std::string_view> names;
  names.reserve(attributes.size());
  for (auto it = attributes.begin(); it != attributes.end(); ++it) names.emplace_back(it.key());
  e.id = read_internal_id(names, [&](const std::string& name) { return attributes.at(name); }, where);
  refuse_deep_fields(e, attributes, relationships, where);
  e.attributes = PackedFields(attributes);
  e.relationships = PackedFields(relationships);
  return e;
}

Entity make_entity(std::string type, std::string uuid, PackedFields attributes, PackedFields relationships, const std::string& where) {
  Entity e;
  e.type = std::move(type);
  e.uuid = std::move(uuid);
  e.id = read_internal_id(attributes.names(), [&](const std::string& name) { return attributes.value(name, nullptr); }, where);
  e.attributes = std::move(attributes);
  e.relationships = std::move(relationships);
  return e;
}

void EntityStore::add_document(json doc, const std::string& source, ResourceLists* lists) {
  if (!doc.is_object()) throw EntityFormatError(source + ": expected a JSON:API document object");
  auto listed = [&](const char* key) { return lists && lists->has(key); };
  // One page of a collection, or a single resource, is not the whole collection.
  bool one_page = has_next_page(doc) || (doc.contains("data") && doc["data"].is_object());
  auto add_list = [&](const char* key) {
    bool primary = std::string(key) == "data";
    auto add_entity = [&](Entity& e, const std::string& where) {
      if (primary && one_page) incomplete_.emplace(e.type, source);
      add(std::move(e), primary, where);
    };
    auto add_one = [&](json& resource, const std::string& where) {
      Entity e = parse_entity(std::move(resource), where);
      add_entity(e, where);
    };
    if (listed(key)) {
      std::size_t i = 0;
      lists->each(key, [&](Entity& e) { add_entity(e, source + ": " + key + "[" + std::to_string(i++) + "]"); });
      return;
    }
    if (!doc.contains(key) || doc[key].is_null()) return;
    json& list = doc[key];
    if (list.is_object()) {
      add_one(list, source + ": " + key);
      return;
    }
    if (!list.is_array()) throw EntityFormatError(source + ": " + key + ": expected a resource or a list of resources");
    for (std::size_t i = 0; i < list.size(); ++i) add_one(list[i], source + ": " + key + "[" + std::to_string(i) + "]");
  };
  if (!doc.contains("data") && !listed("data")) throw EntityFormatError(source + ": not a JSON:API document (no \"data\")");
  add_list("data");
  add_list("included");
}

std::map<std::string, std::string> EntityStore::included_only_types() const {
  std::map<std::string, std::string> out;
  for (const auto& [type, source] : included_in_) {
    if (!primary_types_.count(type)) out.emplace(type, source);
  }
  return out;
}

EntityStore::EntityStore(const EntityStore& other)
    : kept_(other.kept_), warnings_(other.warnings_), incomplete_(other.incomplete_), primary_types_(other.primary_types_),
      included_in_(other.included_in_) {
  for (Kept& k : kept_) index(k);
  for (const auto& [type, list] : other.by_type_) {
    auto& mine = by_type_[type];
    for (const Entity* e : list) mine.push_back(&kept(e->type, e->uuid)->entity);
  }
}

EntityStore& EntityStore::operator=(const EntityStore& other) {
  if (this != &other) *this = EntityStore(other);
  return *this;
}

EntityStore::Kept* EntityStore::kept(std::string_view type, std::string_view uuid) const {
  auto it = entities_.find({type, uuid});
  return it == entities_.end() ? nullptr : it->second;
}

void EntityStore::index(Kept& k) {
  entities_[{k.entity.type, k.entity.uuid}] = &k;
  k.id_text = k.entity.id.empty() ? std::string() : k.entity.id.text();
  if (!k.entity.id.empty()) by_id_[{k.entity.type, k.id_text}] = &k;
}

void EntityStore::unindex(Kept& k) {
  entities_.erase({k.entity.type, k.entity.uuid});
  if (!k.entity.id.empty()) {
    auto it = by_id_.find({k.entity.type, k.id_text});
    if (it != by_id_.end() && it->second == &k) by_id_.erase(it);
  }
}

void EntityStore::add(Entity entity, bool primary, const std::string& where) {
  if (primary) primary_types_.insert(entity.type);
  else included_in_.emplace(entity.type, where);
  std::string place = where.empty() ? "the export" : where;
  Kept* known = kept(entity.type, entity.uuid);
  if (known && known->primary) {
    if (!primary) return;  // an included copy of an entity already read from data
    if (same_fields(known->entity, entity)) {
      warnings_.push_back(entity.label() + " is in " + known->where + " and again, identical, in " + place + ": read once");
      return;
    }
    throw EntityFormatError(known->where + " and " + place + " are both the " + entity.type + " with uuid " + entity.uuid +
                            ", with different values: the export must hold each entity once (export it again)");
  }
  if (!entity.id.empty()) {
    const std::string id = entity.id.text();
    auto other = by_id_.find({entity.type, id});
    if (other != by_id_.end() && other->second->entity.uuid != entity.uuid) {
      throw EntityFormatError(other->second->where + " (uuid " + other->second->entity.uuid + ") and " + place + " (uuid " + entity.uuid +
                              ") are both " + entity.label() + ": two entities cannot share one id (export the site again)");
    }
  }
  if (!known) {
    kept_.push_back(Kept{std::move(entity), std::move(place), primary, {}});
    Kept& k = kept_.back();
    index(k);
    by_type_[k.entity.type].push_back(&k.entity);
    return;
  }
  // A data copy replaces an included one in place: its address, kept in by_type_, stays; the indexes
  // view the names it holds now (a data copy may correct the id).
  unindex(*known);
  known->entity = std::move(entity);
  known->where = std::move(place);
  known->primary = known->primary || primary;
  index(*known);
}

const Entity* EntityStore::find(const std::string& type, const std::string& uuid) const {
  Kept* k = kept(type, uuid);
  return k ? &k->entity : nullptr;
}

Entity* EntityStore::find(const std::string& type, const std::string& uuid) {
  Kept* k = kept(type, uuid);
  return k ? &k->entity : nullptr;
}

const Entity* EntityStore::find_by_id(const std::string& type, const EntityId& id) const {
  if (id.empty()) return nullptr;
  const std::string text = id.text();
  auto it = by_id_.find({type, text});
  return it == by_id_.end() ? nullptr : &it->second->entity;
}

std::vector<Entity*> EntityStore::of_type(const std::string& type) {
  auto it = by_type_.find(type);
  return it == by_type_.end() ? std::vector<Entity*>{} : it->second;
}

std::set<std::string> EntityStore::types() const {
  std::set<std::string> out;
  for (const auto& [type, entities] : by_type_) out.insert(type);
  return out;
}

std::vector<const Entity*> EntityStore::of_type(const std::string& type) const {
  auto it = by_type_.find(type);
  return it == by_type_.end() ? std::vector<const Entity*>{} : std::vector<const Entity*>(it->second.begin(), it->second.end());
}

PathValue EntityStore::resolve(const Entity& entity, const std::string& path) const {
  auto segs = split_path(path);
  const std::string& head = segs[0];
  if (head.empty()) return not_found("empty path");
  if (segs.size() == 1 && head == "id") return {true, entity.id.value(), {}};
  if (segs.size() == 1 && head == "uuid") return {true, entity.uuid, {}};
  if (segs.size() == 1 && head == "type") return {true, entity.type, {}};

  // The decoded values found are this call's own copies: moved on, not copied again.
  if (auto it = entity.attributes.find(head); it != entity.attributes.end()) {
    return walk_value(it.take(), segs, 1, head);
  }
  auto rel = entity.relationships.find(head);
  if (rel == entity.relationships.end()) return not_found("no field \"" + head + "\"");
  json relationship = rel.take();
  json data;
  if (relationship.is_object()) {
    if (auto d = relationship.find("data"); d != relationship.end()) data = std::move(*d);
  }
  if (segs.size() == 1) return {true, std::move(data), {}};

  // A part of the reference itself (its uuid or meta), or a field of the referenced entity.
  const std::string& next = segs[1];
  if (next == "data" || next == "meta" || (data.is_object() && (next == "type" || next == "id"))) {
    return walk_value(data, segs, next == "data" ? 2 : 1, head);
  }
  if (data.is_null()) return {true, json(), {}};
  std::size_t from = 1;
  json ref = data;
  if (data.is_array()) {
    if (!is_index(next)) return not_found(head + " is a multi-value reference: say which one, e.g. " + head + ".0." + next);
    std::size_t k = std::stoul(next);
    if (k >= data.size()) return {true, json(), {}};
    ref = data[k];
    from = 2;
    if (from == segs.size()) return {true, ref, {}};
  }
  if (!is_reference(ref)) return not_found(head + " is not a valid reference");
  const Entity* target = find(ref["type"].get<std::string>(), ref["id"].get<std::string>());
  if (!target) {
    return not_found(head + " references " + ref["type"].get<std::string>() + " " +
                     ref["id"].get<std::string>() + ", which is not in the export");
  }
  std::string rest;
  for (std::size_t i = from; i < segs.size(); ++i) rest += (rest.empty() ? "" : ".") + segs[i];
  PathValue inner = resolve(*target, rest);
  if (!inner.found) inner.problem = head + " -> " + target->label() + ": " + inner.problem;
  return inner;
}

}  // namespace moodle_sync
