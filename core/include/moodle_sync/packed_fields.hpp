#pragma once
// An entity's attributes or relationships, held compactly: each member as its name and its value's
// MessagePack bytes, in the order Drupal wrote them. As a JSON tree, every value is a node of its
// own and every string a second allocation: 25,000 registrations took 46 MB that way, three times
// their text. A value is decoded when it is looked up; the lookups read a few members of each
// entity. The interface is the part of a JSON object's that entities are read through: find, end,
// contains, value; set replaces one member.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "moodle_sync/json.hpp"

namespace moodle_sync {

class PackedFields {
 public:
  // What find() gives when there is no such member.
  struct End {};
  // A member found: its value, decoded (a copy, owned here). Compares equal to end() when absent.
  class Found {
   public:
    Found() = default;
    explicit Found(json value) : value_(std::move(value)), found_(true) {}
    const json& operator*() const { return value_; }
    const json* operator->() const { return &value_; }
    // The value moved out, where a copy of it would be made: the Found holds null after.
    json take() { return std::move(value_); }
    bool operator==(End) const { return !found_; }
    bool operator!=(End) const { return found_; }

   private:
    json value_;
    bool found_ = false;
  };

  PackedFields() = default;
  // The members of `object`, in their order; a value that is not an object holds none.
  explicit PackedFields(const json& object);
  // Members packed already (name, packed value; see source/packed_format.hpp), in their order.
  explicit PackedFields(std::vector<std::pair<std::string, std::string>> packed_members);

  Found find(std::string_view name) const;
  End end() const { return {}; }
  bool contains(std::string_view name) const;
  // The member's value, or `fallback` when there is none.
  json value(std::string_view name, json fallback) const;
  // Sets a member: in its place when it is there, else after the others.
  void set(std::string_view name, const json& value);
  // The whole object, members in order.
  json to_json() const;
  std::size_t size() const { return members_.size(); }
  // The members' names, in their order.
  std::vector<std::string_view> names() const;

 private:
  const std::string* bytes_of(std::string_view name) const;

  std::vector<std::pair<std::string, std::string>> members_;  // name, MessagePack of the value
};

}  // namespace moodle_sync
