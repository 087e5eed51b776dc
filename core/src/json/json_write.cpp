// nlohmann's serializer looks at every byte of a string on its own, through its UTF-8 decoder, and
// appends it on its own; writing a plan's text took as long as a good part of planning it. This
// writer copies the runs of a string that need no escape in one piece, and leaves to nlohmann what
// is rare and subtle: a string that is not valid UTF-8 (its replacement rules), a decimal number
// (its shortest form), a binary value. Its text is always to_text()'s, byte for byte.
#include "json/json_write.hpp"

#include <charconv>

#include "moodle_sync/json_text.hpp"

namespace moodle_sync {
namespace {

void write_value(const json& value, bool ascii, std::string& out);

// What nlohmann writes for a byte below 0x20, '"', '\\' or, in ASCII text, DEL (any other ASCII byte is kept).
void write_escape(unsigned char b, std::string& out) {
  switch (b) {
    case '"': out += "\\\""; return;
    case '\\': out += "\\\\"; return;
    case '\b': out += "\\b"; return;
    case '\f': out += "\\f"; return;
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
    default: {
      static const char kHex[] = "0123456789abcdef";
      const char code[] = {'\\', 'u', '0', '0', kHex[b >> 4], kHex[b & 0xF]};
      out.append(code, sizeof code);
    }
  }
}

// Bytes a string's run stops at: those nlohmann escapes, DEL (escaped in ASCII text), and the first
// beyond ASCII (its UTF-8 is checked once).
struct StopBytes {
  bool at[256] = {};
  constexpr StopBytes() {
    for (int b = 0; b < 0x20; ++b) at[b] = true;
    at[static_cast<unsigned char>('"')] = at[static_cast<unsigned char>('\\')] = true;
    for (int b = 0x7F; b < 0x100; ++b) at[b] = true;
  }
};
constexpr StopBytes kStop;

void write_string(const std::string& s, bool ascii, std::string& out) {
  const std::size_t start = out.size();
  out += '"';
  bool utf8_checked = false;
  const auto* run = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = run + s.size();
  for (const auto* p = run;; ++p) {
    while (p < end && !kStop.at[*p]) ++p;
    if (p == end) break;
    if (*p == 0x7F && !ascii) continue;
    if (*p >= 0x80) {
      if (utf8_checked) continue;
      utf8_checked = true;
      if (!ascii && first_invalid_utf8(s) == std::string::npos) continue;
      // nlohmann's replacement of invalid UTF-8 has its own rules about where a sequence ends; its
      // \u escapes (surrogate pairs included) are left to it too.
      out.resize(start);
      out += json(s).dump(-1, ' ', ascii, json::error_handler_t::replace);
      return;
    }
    out.append(reinterpret_cast<const char*>(run), reinterpret_cast<const char*>(p));
    write_escape(*p, out);
    run = p + 1;
  }
  out.append(reinterpret_cast<const char*>(run), reinterpret_cast<const char*>(end));
  out += '"';
}

template <typename Integer>
void write_integer(Integer v, std::string& out) {
  char digits[24];
  auto done = std::to_chars(digits, digits + sizeof digits, v);
  out.append(digits, done.ptr);
}

void write_value(const json& value, bool ascii, std::string& out) {
  switch (value.type()) {
    case json::value_t::object: {
      const auto& members = value.get_ref<const json::object_t&>();
      out += '{';
      bool first = true;
      for (const auto& [key, member] : members) {
        if (!first) out += ',';
        first = false;
        write_string(key, ascii, out);
        out += ':';
        write_value(member, ascii, out);
      }
      out += '}';
      return;
    }
    case json::value_t::array: {
      out += '[';
      bool first = true;
      for (const json& item : value.get_ref<const json::array_t&>()) {
        if (!first) out += ',';
        first = false;
        write_value(item, ascii, out);
      }
      out += ']';
      return;
    }
    case json::value_t::string: write_string(value.get_ref<const std::string&>(), ascii, out); return;
    case json::value_t::boolean: out += value.get<bool>() ? "true" : "false"; return;
    case json::value_t::number_integer: write_integer(value.get<json::number_integer_t>(), out); return;
    case json::value_t::number_unsigned: write_integer(value.get<json::number_unsigned_t>(), out); return;
    case json::value_t::null: out += "null"; return;
    default: out += value.dump(-1, ' ', false, json::error_handler_t::replace); return;  // decimals, binary, discarded
  }
}

}  // namespace

std::string json_write(const json& value, bool ascii) {
  std::string out;
  write_value(value, ascii, out);
  return out;
}

void json_write_to(const json& value, bool ascii, std::string& out) { write_value(value, ascii, out); }

}  // namespace moodle_sync
