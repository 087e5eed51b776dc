#pragma once
// A strict, quick reader for well-formed JSON text (fast_parse.cpp). parse_json tries it first.
#include <memory>
#include <string>
#include <string_view>

#include "moodle_sync/json.hpp"

namespace moodle_sync {

// True, with the value in `out`, when the text is well-formed JSON nested at most `max_depth` levels
// with no repeated key in an object; false (out untouched) for anything else, which nlohmann must read.
bool fast_parse(std::string_view text, std::size_t max_depth, json& out);

namespace detail {
class FastReader;
}

// Reads values one after another, each the first value of a text (a value inside a larger one),
// its working memory kept from one to the next: a site's resources are read one at a time, and a
// reader made for each grew its stacks anew each time.
class FastValueReader {
 public:
  FastValueReader();
  ~FastValueReader();
  // As fast_parse reads it, whatever follows it: the bytes it took, whitespace before it included,
  // with the value in `out`; 0 (out untouched) for anything fast_parse would refuse in it.
  std::size_t prefix(std::string_view text, std::size_t max_depth, json& out);
  // A string, as fast_parse reads it, appended to `out` (an object's key, with no value made for it).
  std::size_t string_prefix(std::string_view text, std::string& out);
  // The same value packed onto `out` (PackedFields' form, source/packed_format.hpp) instead of
  // made a tree; 0 also for an object of more than 64 keys. `out` may hold a part of it then.
  std::size_t pack_prefix(std::string_view text, std::size_t max_depth, std::string& out);

 private:
  std::unique_ptr<detail::FastReader> reader_;
};

}  // namespace moodle_sync
