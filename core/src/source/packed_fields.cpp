// The packed form (packed_format.hpp) is written here from a JSON value, and read back; the JSON
// reader writes it straight from text too (FastValueReader::pack_prefix).
#include "moodle_sync/packed_fields.hpp"

#include <cstdint>
#include <cstring>

#include "source/packed_format.hpp"

namespace moodle_sync {
namespace {

using namespace packed_format;

void pack_into(std::string& out, const json& value) {
  switch (value.type()) {
    case json::value_t::array:
      out += static_cast<char>(kArray);
      put_count(out, value.size());
      for (const json& item : value) pack_into(out, item);
      return;
    case json::value_t::object:
      out += static_cast<char>(kObject);
      put_count(out, value.size());
      for (const auto& [name, member] : value.items()) {
        put_text(out, name);
        pack_into(out, member);
      }
      return;
    default: put_scalar(out, value); return;
  }
}

// Reads what pack_into wrote; the bytes are this file's own, so they are taken as well-formed.
class Unpacker {
 public:
  explicit Unpacker(const std::string& bytes) : p_(bytes.data()) {}

  json value() {
    switch (static_cast<unsigned char>(*p_++)) {
      case kFalse: return false;
      case kTrue: return true;
      case kSigned: return raw<json::number_integer_t>();
      case kUnsigned: return raw<json::number_unsigned_t>();
      case kFloat: return raw<json::number_float_t>();
      case kString: return text();
      case kArray: {
        json::array_t items;
        items.resize(count());
        for (json& item : items) item = value();
        return json(std::move(items));
      }
      case kObject: {
        json object = json::object();
        auto& members = object.get_ref<json::object_t&>();
        std::uint64_t n = count();
        members.reserve(n);
        for (std::uint64_t i = 0; i < n; ++i) {
          std::string name = text();
          members.emplace_back(std::move(name), value());
        }
        return object;
      }
      default: return nullptr;
    }
  }

 private:
  std::uint64_t count() {
    std::uint64_t n = 0;
    for (int shift = 0;; shift += 7) {
      auto byte = static_cast<unsigned char>(*p_++);
      n |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return n;
    }
  }
  template <class T>
  T raw() {
    T value;
    std::memcpy(&value, p_, sizeof(T));
    p_ += sizeof(T);
    return value;
  }
  std::string text() {
    std::uint64_t n = count();
    std::string s(p_, n);
    p_ += n;
    return s;
  }

  const char* p_;
};

std::string packed(const json& value) {
  std::string bytes;
  pack_into(bytes, value);
  bytes.shrink_to_fit();
  return bytes;
}

json unpacked(const std::string& bytes) { return Unpacker(bytes).value(); }

}  // namespace

PackedFields::PackedFields(std::vector<std::pair<std::string, std::string>> packed_members) : members_(std::move(packed_members)) {}

std::vector<std::string_view> PackedFields::names() const {
  std::vector<std::string_view> names;
  names.reserve(members_.size());
  for (const auto& [name, bytes] : members_) names.emplace_back(name);
  return names;
}

PackedFields::PackedFields(const json& object) {
  if (!object.is_object()) return;
  members_.reserve(object.size());
  for (const auto& [name, value] : object.items()) members_.emplace_back(name, packed(value));
}

const std::string* PackedFields::bytes_of(std::string_view name) const {
  for (const auto& [member, bytes] : members_) {
    if (member == name) return &bytes;
  }
  return nullptr;
}

PackedFields::Found PackedFields::find(std::string_view name) const {
  const std::string* bytes = bytes_of(name);
  return bytes ? Found(unpacked(*bytes)) : Found();
}

bool PackedFields::contains(std::string_view name) const { return bytes_of(name) != nullptr; }

json PackedFields::value(std::string_view name, json fallback) const {
  const std::string* bytes = bytes_of(name);
  return bytes ? unpacked(*bytes) : std::move(fallback);
}

void PackedFields::set(std::string_view name, const json& value) {
  for (auto& [member, bytes] : members_) {
    if (member == name) {
      bytes = packed(value);
      return;
    }
  }
  members_.emplace_back(std::string(name), packed(value));
}

json PackedFields::to_json() const {
  json object = json::object();
  auto& members = object.get_ref<json::object_t&>();
  members.reserve(members_.size());
  for (const auto& [name, bytes] : members_) members.emplace_back(name, unpacked(bytes));
  return object;
}

}  // namespace moodle_sync
