#pragma once
// The packed form of a JSON value (PackedFields), made for speed and exactness rather than
// exchange: a tag byte, then for numbers their bytes, for strings, arrays and objects a
// variable-length count, then the contents. Signed and unsigned integers keep their kind, so a value
// decodes to exactly the JSON value it was (nlohmann's MessagePack turns a signed 5 into an unsigned
// one), and nothing is allocated but the bytes themselves. Written from a JSON value
// (packed_fields.cpp) and straight from JSON text (fast_parse.cpp).
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "moodle_sync/json.hpp"

namespace moodle_sync::packed_format {

enum Tag : unsigned char { kNull, kFalse, kTrue, kSigned, kUnsigned, kFloat, kString, kArray, kObject };

// A count in 7-bit groups, low first; the bytes it takes (at most 10) into `bytes`.
inline std::size_t count_bytes(std::uint64_t n, char* bytes) {
  std::size_t used = 0;
  while (n >= 0x80) {
    bytes[used++] = static_cast<char>((n & 0x7f) | 0x80);
    n >>= 7;
  }
  bytes[used++] = static_cast<char>(n);
  return used;
}

inline void put_count(std::string& out, std::uint64_t n) {
  char bytes[10];
  out.append(bytes, count_bytes(n, bytes));
}

template <class T>
void put_raw(std::string& out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.append(bytes, sizeof(T));
}

inline void put_text(std::string& out, std::string_view text) {
  put_count(out, text.size());
  out += text;
}

// A value that is not a container: null, a boolean, a number or a string.
inline void put_scalar(std::string& out, const json& value) {
  switch (value.type()) {
    case json::value_t::boolean: out += static_cast<char>(value.get<bool>() ? kTrue : kFalse); return;
    case json::value_t::number_integer:
      out += static_cast<char>(kSigned);
      put_raw(out, value.get<json::number_integer_t>());
      return;
    case json::value_t::number_unsigned:
      out += static_cast<char>(kUnsigned);
      put_raw(out, value.get<json::number_unsigned_t>());
      return;
    case json::value_t::number_float:
      out += static_cast<char>(kFloat);
      put_raw(out, value.get<json::number_float_t>());
      return;
    case json::value_t::string:
      out += static_cast<char>(kString);
      put_text(out, value.get_ref<const std::string&>());
      return;
    default: out += static_cast<char>(kNull); return;  // null (and nothing else a parsed export holds)
  }
}

}  // namespace moodle_sync::packed_format
