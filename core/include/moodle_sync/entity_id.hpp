#pragma once
// The id Drupal gives an entity, its type's id key (JSON:API's drupal_internal__<key>): an integer
// for content entities (node 42), a machine name for configuration entities (the role
// "administrator"). It never turns into an integer by itself: code that needs one asks number()
// and decides what a machine name means there.
#include <cstdint>
#include <optional>
#include <string>

#include "moodle_sync/json.hpp"

namespace moodle_sync {

class EntityId {
 public:
  EntityId() = default;  // none: the resource carries no id
  static EntityId of_number(std::int64_t number);
  static EntityId of_name(std::string machine_name);
  // A JSON:API id value: an integer, or a string of digits, is a number; any other non-empty
  // string is a machine name; anything else (null, "", 1.5, true, an object) is no id.
  static std::optional<EntityId> from_value(const json& value);

  bool empty() const { return kind_ == Kind::none; }
  bool is_number() const { return kind_ == Kind::number; }
  std::optional<std::int64_t> number() const;
  std::string text() const;  // "42", "administrator"; "" when empty
  json value() const;        // 42, "administrator"; null when empty

  bool operator==(const EntityId& other) const;
  bool operator!=(const EntityId& other) const { return !(*this == other); }
  // A stable order (none, then numbers, then names) for decisions that must not follow the export's order.
  bool operator<(const EntityId& other) const {
    if (kind_ != other.kind_) return kind_ < other.kind_;
    return kind_ == Kind::number ? number_ < other.number_ : name_ < other.name_;
  }

 private:
  enum class Kind { none, number, name };
  Kind kind_ = Kind::none;
  std::int64_t number_ = 0;
  std::string name_;
};

// JSON conversions for records and reports: {"id": entity.id} writes 42, "administrator" or null;
// reading back accepts what from_value accepts and takes anything else as no id.
void to_json(json& j, const EntityId& id);
void from_json(const json& j, EntityId& id);

}  // namespace moodle_sync
