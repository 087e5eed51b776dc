#include "moodle/request_bytes.hpp"

#include <cmath>

#include "moodle_sync/rest_request.hpp"

namespace moodle_sync {
namespace {

constexpr std::size_t kTokenBytes = 8 + 64 + 1;  // "wstoken=" + token + "&"

bool unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
         c == '!' || c == '~' || c == '*' || c == '\'' || c == '(' || c == ')';
}

// Length of percent_encode(text): three bytes for every byte that is escaped.
std::size_t encoded_length(const std::string& text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += unreserved(c) ? 1 : 3;
  return n;
}

// The scalar's text as encode_call writes it (booleans 1/0, integral floats as integers).
std::size_t scalar_length(const json& v) {
  if (v.is_boolean()) return 1;
  if (v.is_string()) return encoded_length(v.get_ref<const std::string&>());
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15) return std::to_string(static_cast<long long>(d)).size();
  }
  return encoded_length(to_text(v));
}

std::size_t bytes_of(std::size_t key_length, const json& v) {
  if (v.is_null()) return 0;
  std::size_t n = 0;
  if (v.is_object()) {
    for (const auto& [k, item] : v.items()) n += bytes_of(key_length + 2 + encoded_length(k), item);
    return n;
  }
  if (v.is_array()) {
    for (std::size_t i = 0; i < v.size(); ++i) n += bytes_of(key_length + 2 + index_digits(i + 1), v[i]);
    return n;
  }
  return 1 + key_length + 1 + scalar_length(v);  // "&key=value"
}

}  // namespace

std::size_t index_digits(std::size_t items) {
  std::size_t digits = 1;
  for (std::size_t last = items > 0 ? items - 1 : 0; last >= 10; last /= 10) ++digits;
  return digits;
}

std::size_t request_overhead_bytes(const std::string& wsfunction) {
  return kTokenBytes + std::string("wsfunction=").size() + encoded_length(wsfunction) + std::string("&moodlewsrestformat=json").size();
}

std::size_t request_bytes(const std::string& encoded_body) { return kTokenBytes + encoded_body.size(); }

std::size_t item_request_bytes(const std::string& list_key, const json& item, std::size_t digits) {
  return bytes_of(encoded_length(list_key) + 2 + digits, item);
}

}  // namespace moodle_sync
