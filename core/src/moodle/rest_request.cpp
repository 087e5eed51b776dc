#include "moodle_sync/rest_request.hpp"

#include <cmath>
#include <stdexcept>

namespace moodle_sync {
namespace {

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '!' || c == '~' || c == '*' || c == '\'' || c == '(' ||
         c == ')';
}

// PHP's PARAM_INT rejects "1.0": a float that holds an integer is written as one.
std::string scalar_text(const json& v) {
  if (v.is_boolean()) return v.get<bool>() ? "1" : "0";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15) {
      return std::to_string(static_cast<long long>(d));
    }
  }
  return to_text(v);
}

void append_encoded(const std::string& key, const json& v, std::string& out, std::size_t& count) {
  if (v.is_null()) return;
  if (v.is_object()) {
    for (const auto& [k, item] : v.items()) append_encoded(key + "[" + percent_encode(k) + "]", item, out, count);
    return;
  }
  if (v.is_array()) {
    for (std::size_t i = 0; i < v.size(); ++i) append_encoded(key + "[" + std::to_string(i) + "]", v[i], out, count);
    return;
  }
  out += '&';
  out += key;
  out += '=';
  out += percent_encode(scalar_text(v));
  ++count;
}

}  // namespace

std::string percent_encode(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  for (unsigned char c : text) {
    if (is_unreserved(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::size_t count_variables(const json& v) {
  if (v.is_null()) return 0;
  if (v.is_structured()) {
    std::size_t n = 0;
    for (const auto& item : v) n += count_variables(item);
    return n;
  }
  return 1;
}

EncodedCall encode_call(const std::string& wsfunction, const json& params, std::size_t budget) {
  if (!params.is_object()) {
    throw std::invalid_argument("the parameters of " + wsfunction + " must be an object");
  }
  EncodedCall call;
  call.wsfunction = wsfunction;
  call.body = "wsfunction=" + percent_encode(wsfunction) + "&moodlewsrestformat=json";
  std::size_t count = 0;
  for (const auto& [key, value] : params.items()) append_encoded(percent_encode(key), value, call.body, count);
  call.variables = count + kFixedVariables;
  if (budget != 0 && call.variables > budget) {
    throw std::invalid_argument(wsfunction + " would send " + std::to_string(call.variables) +
                                " variables, over the max_input_vars budget of " +
                                std::to_string(budget) + "; PHP would silently drop the rest");
  }
  return call;
}

std::vector<Batch> plan_batches(const std::vector<std::size_t>& item_variables,
                                std::size_t other_variables, std::size_t budget,
                                std::size_t max_items) {
  std::vector<Batch> batches;
  Batch current{0, 0};
  std::size_t used = other_variables;
  for (std::size_t i = 0; i < item_variables.size(); ++i) {
    std::size_t need = item_variables[i];
    if (other_variables + need > budget) {
      throw std::invalid_argument("item " + std::to_string(i) + " needs " + std::to_string(need) +
                                  " variables: it cannot fit the max_input_vars budget of " +
                                  std::to_string(budget) + " even alone");
    }
    bool full = used + need > budget || (max_items != 0 && current.end - current.begin == max_items);
    if (full && current.end > current.begin) {
      batches.push_back(current);
      current = {i, i};
      used = other_variables;
    }
    used += need;
    current.end = i + 1;
  }
  if (current.end > current.begin) batches.push_back(current);
  return batches;
}

}  // namespace moodle_sync
