#include "moodle_sync/entity_id.hpp"

namespace moodle_sync {
namespace {

// "42" is a number; "007", "" and anything past int64 are not (they stay text).
bool is_plain_number(const std::string& s) {
  return !s.empty() && s.size() < 19 && s.find_first_not_of("0123456789") == std::string::npos && (s == "0" || s[0] != '0');
}

}  // namespace

EntityId EntityId::of_number(std::int64_t number) {
  EntityId id;
  id.kind_ = Kind::number;
  id.number_ = number;
  return id;
}

EntityId EntityId::of_name(std::string machine_name) {
  if (machine_name.empty()) return {};
  if (is_plain_number(machine_name)) return of_number(std::stoll(machine_name));
  EntityId id;
  id.kind_ = Kind::name;
  id.name_ = std::move(machine_name);
  return id;
}

std::optional<EntityId> EntityId::from_value(const json& value) {
  if (value.is_number_integer()) return of_number(value.get<std::int64_t>());
  if (value.is_string() && !value.get_ref<const std::string&>().empty()) return of_name(value.get<std::string>());
  return std::nullopt;
}

std::optional<std::int64_t> EntityId::number() const {
  if (kind_ == Kind::number) return number_;
  return std::nullopt;
}

std::string EntityId::text() const {
  switch (kind_) {
    case Kind::number: return std::to_string(number_);
    case Kind::name: return name_;
    case Kind::none: break;
  }
  return {};
}

json EntityId::value() const {
  switch (kind_) {
    case Kind::number: return number_;
    case Kind::name: return name_;
    case Kind::none: break;
  }
  return nullptr;
}

bool EntityId::operator==(const EntityId& other) const {
  return kind_ == other.kind_ && number_ == other.number_ && name_ == other.name_;
}

void to_json(json& j, const EntityId& id) { j = id.value(); }

void from_json(const json& j, EntityId& id) { id = EntityId::from_value(j).value_or(EntityId()); }

}  // namespace moodle_sync
