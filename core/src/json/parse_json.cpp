// A DOM built through nlohmann's SAX interface, which stops at the first level too many. The SAX
// parser runs on a heap stack of its own, so nothing here recurses however deep the text goes.
#include <vector>

#include "json/fast_parse.hpp"
#include "moodle_sync/json_text.hpp"

namespace moodle_sync {
namespace {

constexpr std::size_t kPathHead = 8;  // levels shown before "..." in a long path

using Dom = nlohmann::detail::json_sax_dom_parser<json>;

class LimitedDom {
 public:
  LimitedDom(json& root, std::size_t max_depth, ParsedJson& out) : dom_(root, false), max_depth_(max_depth), out_(out) {}

  bool null() { return value() && dom_.null(); }
  bool boolean(bool v) { return value() && dom_.boolean(v); }
  bool number_integer(json::number_integer_t v) { return value() && dom_.number_integer(v); }
  bool number_unsigned(json::number_unsigned_t v) { return value() && dom_.number_unsigned(v); }
  bool number_float(json::number_float_t v, const json::string_t& s) { return value() && dom_.number_float(v, s); }
  bool string(json::string_t& v) { return value() && dom_.string(v); }
  bool binary(json::binary_t& v) { return value() && dom_.binary(v); }
  bool start_object(std::size_t n) { return open(false) && dom_.start_object(n); }
  bool start_array(std::size_t n) { return open(true) && dom_.start_array(n); }
  bool end_object() { return close() && dom_.end_object(); }
  bool end_array() { return close() && dom_.end_array(); }
  bool key(json::string_t& k) {
    levels_.back().key = k;
    return dom_.key(k);
  }
  template <class Exception>
  bool parse_error(std::size_t position, const std::string&, const Exception& e) {
    std::string what = e.what();
    if (auto cut = what.find("; last read"); cut != std::string::npos) what.erase(cut);
    if (auto start = what.find("parse error"); start != std::string::npos) what.erase(0, start);
    out_.byte = position > 0 ? position - 1 : 0;
    out_.message = what;
    return false;
  }

 private:
  struct Level {
    bool array = false;
    std::size_t count = 0;  // values an array has held so far
    std::string key;        // the key an object's current value has
  };

  // Every value counts as the next item of the array around it.
  bool value() {
    if (!levels_.empty() && levels_.back().array) ++levels_.back().count;
    return true;
  }
  bool open(bool array) {
    value();
    if (levels_.size() >= max_depth_) {
      out_.too_deep = true;
      out_.path = path();
      out_.message = "nested deeper than " + std::to_string(max_depth_) + " levels at " + out_.path;
      return false;
    }
    levels_.push_back({array, 0, {}});
    return true;
  }
  bool close() {
    levels_.pop_back();
    return true;
  }
  // The path of the value being opened: each level's key, or its index (count - 1).
  std::string path() const {
    std::vector<std::string> segments;
    for (std::size_t i = 0; i < levels_.size(); ++i) {
      const Level& l = levels_[i];
      segments.push_back(l.array ? "[" + std::to_string(l.count - 1) + "]" : "." + l.key);
    }
    return json_path_text(segments);
  }

  Dom dom_;
  std::size_t max_depth_;
  ParsedJson& out_;
  std::vector<Level> levels_;
};

// The byte where the nesting passes `max_depth`: the first bracket that opens one level too many.
std::size_t opening_too_deep(const std::string& text, std::size_t max_depth) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if (c == ']' || c == '}') {
      if (depth > 0) --depth;
    }
  }
  return text.size();
}

}  // namespace

std::string json_path_text(const std::vector<std::string>& segments) {
  std::string path = "$";
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (i == kPathHead && segments.size() > kPathHead + 1) {
      path += "..." + segments.back();
      break;
    }
    path += segments[i];
  }
  return path;
}

ParsedJson parse_json(const std::string& text, std::size_t max_depth) {
  ParsedJson out;
  if (fast_parse(text, max_depth, out.value)) {
    out.ok = true;
    return out;
  }
  json root;
  {
    LimitedDom sax(root, max_depth, out);
    out.ok = json::sax_parse(text, &sax);
  }
  if (out.ok) {
    out.value = std::move(root);
    return out;
  }
  // The partly built value is dropped here, with the levels it reached (never more than max_depth).
  if (out.too_deep) {
    out.byte = opening_too_deep(text, max_depth);
    out.message += " (byte " + std::to_string(out.byte) + ")";
  }
  return out;
}

json parse_json_or_discarded(const std::string& text, std::size_t max_depth) {
  ParsedJson parsed = parse_json(text, max_depth);
  return parsed.ok ? std::move(parsed.value) : json(json::value_t::discarded);
}

}  // namespace moodle_sync
