// nlohmann's serializer looks at every byte of a string on its own, through its UTF-8 decoder, and
// appends it on its own; writing a plan's text took as long as a good part of planning it. This
// writer copies the runs of a string that need no escape in one piece, and leaves to nlohmann what
// is rare and subtle: a string that is not valid UTF-8 (its replacement rules), a decimal number
// (its shortest form), a binary value. Its text is always to_text()'s, byte for byte.
#include "json/json_write.hpp"

#include <charconv>
#include <cstring>

#include "moodle_sync/json_text.hpp"

namespace moodle_sync {
namespace {

using Sink = JsonWriter;

void write_value(const json& value, bool ascii, Sink& out);

// What nlohmann writes for a byte below 0x20, '"', '\\' or, in ASCII text, DEL (any other ASCII byte is kept).
void write_escape(unsigned char b, Sink& out) {
  switch (b) {
    case '"': out.put("\\\""); return;
    case '\\': out.put("\\\\"); return;
    case '\b': out.put("\\b"); return;
    case '\f': out.put("\\f"); return;
    case '\n': out.put("\\n"); return;
    case '\r': out.put("\\r"); return;
    case '\t': out.put("\\t"); return;
    default: {
      static const char kHex[] = "0123456789abcdef";
      const char code[] = {'\\', 'u', '0', '0', kHex[b >> 4], kHex[b & 0xF]};
      out.put(code, sizeof code);
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

void write_string(const std::string& s, bool ascii, Sink& out) {
  const std::size_t start = out.size();  // where the string's text begins, should nlohmann write it
  out.put('"');
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
      std::string& text = out.text();
      text.resize(start);
      text += json(s).dump(-1, ' ', ascii, json::error_handler_t::replace);
      return;
    }
    out.put(reinterpret_cast<const char*>(run), static_cast<std::size_t>(p - run));
    write_escape(*p, out);
    run = p + 1;
  }
  out.put(reinterpret_cast<const char*>(run), static_cast<std::size_t>(end - run));
  out.put('"');
}

template <typename Integer>
void write_integer(Integer v, Sink& out) {
  char digits[24];
  auto done = std::to_chars(digits, digits + sizeof digits, v);
  out.put(digits, static_cast<std::size_t>(done.ptr - digits));
}

void write_value(const json& value, bool ascii, Sink& out) {
  switch (value.type()) {
    case json::value_t::object: {
      const auto& members = value.get_ref<const json::object_t&>();
      out.put('{');
      bool first = true;
      for (const auto& [key, member] : members) {
        if (!first) out.put(',');
        first = false;
        write_string(key, ascii, out);
        out.put(':');
        write_value(member, ascii, out);
      }
      out.put('}');
      return;
    }
    case json::value_t::array: {
      out.put('[');
      bool first = true;
      for (const json& item : value.get_ref<const json::array_t&>()) {
        if (!first) out.put(',');
        first = false;
        write_value(item, ascii, out);
      }
      out.put(']');
      return;
    }
    case json::value_t::string: write_string(value.get_ref<const std::string&>(), ascii, out); return;
    case json::value_t::boolean:
      if (value.get<bool>()) out.put("true");
      else out.put("false");
      return;
    case json::value_t::number_integer: write_integer(value.get<json::number_integer_t>(), out); return;
    case json::value_t::number_unsigned: write_integer(value.get<json::number_unsigned_t>(), out); return;
    case json::value_t::null: out.put("null"); return;
    default: {  // decimals, binary, discarded
      const std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
      out.put(text.data(), text.size());
      return;
    }
  }
}

}  // namespace

void JsonWriter::put(const char* text, std::size_t n) {
  if (n > kSize - used_) {
    flush();
    if (n > kSize / 2) {  // a long run goes straight to the string, in one copy
      out_.append(text, n);
      return;
    }
  }
  std::memcpy(buffer_ + used_, text, n);
  used_ += n;
}

void JsonWriter::string(const std::string& s) { write_string(s, ascii_, *this); }

void JsonWriter::value(const json& v) { write_value(v, ascii_, *this); }

void JsonWriter::integer(long long v) { write_integer(v, *this); }

std::string json_write(const json& value, bool ascii) {
  std::string out;
  json_write_to(value, ascii, out);
  return out;
}

void json_write_to(const json& value, bool ascii, std::string& out) {
  JsonWriter writer(out, ascii);
  writer.value(value);
}

}  // namespace moodle_sync
