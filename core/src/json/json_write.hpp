#pragma once
// JSON text of a value, byte for byte what to_text() gives (nlohmann's dump without indent, UTF-8
// kept, invalid UTF-8 replaced), written quicker (json_write.cpp): for the large answers (a site's
// plan is tens of megabytes).
#include <exception>
#include <string>

#include "moodle_sync/json.hpp"

namespace moodle_sync {

// `ascii`: every character beyond ASCII escaped as \uXXXX, as nlohmann's dump with ensure_ascii
// writes it: the same value, in a text JavaScript decodes and parses quicker (one byte a character).
std::string json_write(const json& value, bool ascii = false);
// The same text, appended to `out`: a long text written value by value into one string.
void json_write_to(const json& value, bool ascii, std::string& out);

// A JSON text written piece by piece onto the end of a string: values as json_write writes them,
// and the punctuation and keys around them as they are given. The text is gathered in a small
// buffer and appended a block at a time: appended a character or a short run at a time, each piece
// was a call into the string's growth checks, which cost more than the bytes.
class JsonWriter {
 public:
  JsonWriter(std::string& out, bool ascii) : out_(out), ascii_(ascii), unwinding_(std::uncaught_exceptions()) {}
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;
  // What is gathered goes to the string, unless an exception thrown in the writer's scope is on its
  // way out: the text is abandoned then, and an append that failed (out of memory) is not tried
  // again where a second throw would end the process.
  ~JsonWriter() {
    if (std::uncaught_exceptions() == unwinding_) flush();
  }

  void put(char c) {
    if (used_ == kSize) flush();
    buffer_[used_++] = c;
  }
  void put(const char* text, std::size_t n);  // as it is: no escape
  template <std::size_t N>
  void put(const char (&literal)[N]) { put(literal, N - 1); }
  void string(const std::string& s);  // quoted and escaped
  void value(const json& v);
  void integer(long long v);
  // What is gathered goes to the string: before the string itself is read or cut.
  void flush() {
    out_.append(buffer_, used_);
    used_ = 0;
  }
  std::string& text() {
    flush();
    return out_;
  }
  std::size_t size() const { return out_.size() + used_; }

 private:
  static constexpr std::size_t kSize = 4096;
  std::string& out_;
  bool ascii_;
  int unwinding_;  // exceptions on their way out when the writer was made
  char buffer_[kSize];
  std::size_t used_ = 0;
};

}  // namespace moodle_sync
