#pragma once
// A Unicode code point as UTF-8: for JSON's \u escapes and HTML's numeric character references alike.
#include <cstddef>
#include <string>

namespace moodle_sync {

// Writes the code point's bytes (1 to 4) to `out`; returns how many.
inline std::size_t utf8_encode(unsigned long cp, char* out) {
  if (cp < 0x80) {
    out[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = static_cast<char>(0xC0 | (cp >> 6));
    out[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (cp >> 12));
    out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (cp >> 18));
  out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}

inline void append_utf8(std::string& out, unsigned long cp) {
  char bytes[4];
  out.append(bytes, utf8_encode(cp, bytes));
}

}  // namespace moodle_sync
