#pragma once
// Drupal entities as JSON:API resources: type, uuid, the entity id (its type's id key,
// drupal_internal__*), attributes read by dotted path, relationships resolved to the entities they
// reference.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "moodle_sync/entity_id.hpp"
#include "moodle_sync/json.hpp"
#include "moodle_sync/packed_fields.hpp"

namespace moodle_sync {

struct Entity {
  std::string type;  // "node--course", "taxonomy_term--course_categories", "user_role--user_role"
  std::string uuid;
  EntityId id;       // nid 42, tid 7, the role "administrator"; empty when the resource has none
  PackedFields attributes;     // compact: see packed_fields.hpp
  PackedFields relationships;
  // Set when this entity's moodle id must not be used by what refers to it, with the cause a person can act
  // on: by the reader for a field too deep to read, by the engine for "node--course 64 is stale (...)".
  std::string unusable;

  // "node--course 42" (or the uuid when there is no id): how reports name an entity.
  std::string label() const;
  std::string entity_type() const;  // "node"
  std::string bundle() const;       // "course"
};

// A resource that cannot be an entity (no type, no id), or an export that holds two entities
// under one uuid or one id: names where they were found.
class EntityFormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Levels a field's value may nest (the value itself is level 1): Drupal's deepest fields stay far
// below. A deeper field makes its entity unusable.
constexpr std::size_t kMaxFieldDepth = 64;

// Takes the resource by value: a caller done with it can move it in instead of copying.
Entity parse_entity(json resource, const std::string& where);
// The entity a plain resource makes, from its type and uuid (both non-empty) and its fields packed
// already, none nested deeper than kMaxFieldDepth: what parse_entity makes of the same resource,
// its errors included.
Entity make_entity(std::string type, std::string uuid, PackedFields attributes, PackedFields relationships, const std::string& where);

// A JSON:API resource identifier: an object with string "type" and "id".
bool is_reference(const json& value);

// What a path found on an entity. `found` is false when a segment does not exist at all (a
// configuration that names a field the entity type lacks); a present but empty value is found.
struct PathValue {
  bool found = false;
  json value;
  std::string problem;  // why the path could not be followed, when !found
};

// The entity a field points at, or why there is none (`problem`, e.g. "entity_id is empty").
struct FieldTarget {
  const Entity* entity = nullptr;
  std::string problem;
};

// All entities of an export, by type and uuid, for resolving relationships.
class EntityStore {
 public:
  EntityStore() = default;
  EntityStore(const EntityStore& other);  // the copy's by-type lists point at its own entities
  EntityStore& operator=(const EntityStore& other);
  EntityStore(EntityStore&&) = default;  // moved nodes keep their addresses
  EntityStore& operator=(EntityStore&&) = default;

  // A document's lists (`data`, `included`) read apart from it, as the entities parse_entity made
  // of their resources, so that a large export is never held whole as a tree (engine_input.cpp).
  class ResourceLists {
   public:
    virtual ~ResourceLists() = default;
    virtual bool has(const std::string& key) const = 0;  // the list `key` is given here
    // Hands each entity of the list `key` to `add`, in the list's order.
    virtual void each(const std::string& key, const std::function<void(Entity& entity)>& add) = 0;
  };

  // Adds a JSON:API document: `data` (one resource or a list) and `included`. Throws
  // EntityFormatError naming `source` and the JSON path of a malformed resource. With `lists`,
  // the lists it has are read from there instead: the same entities and errors.
  void add_document(json document, const std::string& source, ResourceLists* lists = nullptr);
  // `primary`: from a document's `data`; `where`: "export/courses.json: data[3]". A sparse
  // `included` copy never replaces a full `data` one. Two `data` copies of one entity are read once
  // when identical (noted); when they differ, or two uuids share one id of a type, nobody can tell
  // which is Drupal's: EntityFormatError naming both places.
  void add(Entity entity, bool primary = true, const std::string& where = "");
  const std::vector<std::string>& warnings() const { return warnings_; }

  // Entity types read from a document that holds only one page of its collection (it has
  // links.next): their entities are synced, but an entity missing from the export may simply be
  // on another page, so nothing may be removed because it is missing.
  // A type seen only among other documents' `included` resources is incomplete too: `included`
  // holds what those documents refer to, not the whole collection.
  bool incomplete(const std::string& type) const {
    return incomplete_.count(type) > 0 || (included_in_.count(type) > 0 && primary_types_.count(type) == 0);
  }
  // type -> the first such document that holds entities of it
  const std::map<std::string, std::string>& incomplete_types() const { return incomplete_; }
  // type -> the first document whose `included` holds it, for types no document's `data` holds
  std::map<std::string, std::string> included_only_types() const;

  const Entity* find(const std::string& type, const std::string& uuid) const;
  Entity* find(const std::string& type, const std::string& uuid);
  // By the entity id (drupal_internal__nid, ...) instead of the uuid.
  const Entity* find_by_id(const std::string& type, const EntityId& id) const;
  std::vector<const Entity*> of_type(const std::string& type) const;
  std::vector<Entity*> of_type(const std::string& type);
  std::size_t size() const { return entities_.size(); }
  bool has_type(const std::string& type) const { return by_type_.count(type) > 0; }
  std::set<std::string> types() const;  // every type with an entity, from data or included

  // Reads `path` on `entity`: "title", "body.value", "field_dates.0.value", "id", "uuid", a
  // relationship ("field_category" gives its reference objects) or through one
  // ("field_category.name" reads the referenced entity).
  PathValue resolve(const Entity& entity, const std::string& path) const;

  // The entity `path` points at: a relationship (its first reference), or, when `id_type` is given,
  // an attribute holding the id of an entity of that type. The Registration module keeps its host
  // that way: `entity_id` (the id) beside `entity_type_id` ("node"), which must then be id_type's.
  FieldTarget target_of(const Entity& entity, const std::string& path, const std::string& id_type = "") const;

 private:
  // Hashed, because a site has a hundred thousand entities and each one is looked up by (type, uuid)
  // many times. The entities themselves are kept in a deque, so that one never moves once added
  // (runs point at it); the indexes are keyed by views of each entity's own type, uuid and id, so a
  // lookup makes no copy of its key and an entity's names are held once.
  using Key = std::pair<std::string_view, std::string_view>;
  struct KeyHash {
    std::size_t operator()(const Key& k) const { return std::hash<std::string_view>{}(k.first) * 31 + std::hash<std::string_view>{}(k.second); }
  };
  struct Kept {
    Entity entity;
    std::string where;     // where the kept copy is: "export/courses.json: data[3]"
    bool primary = false;  // read from a document's data
    std::string id_text;   // entity.id.text(), which the id index views
  };
  Kept* kept(std::string_view type, std::string_view uuid) const;
  void index(Kept& k);    // puts k in both indexes, by its entity's current names
  void unindex(Kept& k);  // takes it out of both

  std::deque<Kept> kept_;
  std::unordered_map<Key, Kept*, KeyHash> entities_;     // (type, uuid) -> the entity
  std::map<std::string, std::vector<Entity*>> by_type_;  // in the order they were added, for stable output
  std::unordered_map<Key, Kept*, KeyHash> by_id_;        // (type, id text) -> the entity
  std::vector<std::string> warnings_;
  std::map<std::string, std::string> incomplete_;
  std::set<std::string> primary_types_;
  std::map<std::string, std::string> included_in_;  // type -> first document with it in `included`
};

std::vector<std::string> split_path(const std::string& path);

}  // namespace moodle_sync
