// The quick way to a DOM for well-formed text. nlohmann's lexer appends each character of a string
// on its own and looks up every key of an object among the keys before it, which made reading a
// plan's input (a whole site and Moodle's answers, a hundred megabytes) the larger part of planning.
// This reader copies the runs of a string in one piece and checks for repeated keys by hash. It is
// strict: it accepts only what nlohmann accepts, and gives up at anything else (an error, a repeated
// key, a number it does not read as nlohmann does, the depth limit); parse_json then reads the text
// again with nlohmann, whose answer (its value, or its exact error) is the one given.
#include "json/fast_parse.hpp"
#include "json/utf8_append.hpp"
#include "source/packed_format.hpp"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <functional>
#include <iterator>
#include <memory>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace moodle_sync {
namespace {

constexpr std::size_t kKeysScanned = 512;  // an object with more keys checks for repeats in a hash set
// An object packed straight from text with more keys than this is left to the tree reader: its
// keys are checked for repeats one against another.
constexpr std::size_t kPackedKeys = 64;

}  // namespace

namespace detail {

// What a string's bytes are to the reader after its first escape: `plain[b]` for an ASCII byte
// copied as it is (not a quote, a backslash or a control character), `decoded[c]` for the character
// a backslash and `c` stand for (0: not a short escape; a backslash and `u` are read apart).
struct ShortEscapes {
  bool plain[256] = {};
  char decoded[256] = {};
  constexpr ShortEscapes() {
    for (int b = 0x20; b < 0x80; ++b) plain[b] = b != '"' && b != '\\';
    decoded[static_cast<unsigned char>('"')] = '"';
    decoded[static_cast<unsigned char>('\\')] = '\\';
    decoded[static_cast<unsigned char>('/')] = '/';
    decoded[static_cast<unsigned char>('b')] = '\b';
    decoded[static_cast<unsigned char>('f')] = '\f';
    decoded[static_cast<unsigned char>('n')] = '\n';
    decoded[static_cast<unsigned char>('r')] = '\r';
    decoded[static_cast<unsigned char>('t')] = '\t';
  }
};
constexpr ShortEscapes kShortEscapes;

class FastReader {
 public:
  FastReader(std::string_view text, std::size_t max_depth) { reset(text, max_depth); }

  // Another text to read, with the working memory of the last (its stacks keep their capacity).
  void reset(std::string_view text, std::size_t max_depth) {
    p_ = text.data();
    end_ = text.data() + text.size();
    max_depth_ = max_depth;
    hashes_.clear();
    members_.clear();
    items_.clear();
  }

  bool read(json& root) {
    skip_space();
    if (!value(root)) return false;
    skip_space();
    return p_ == end_;
  }

  // One value at the start, and nothing after it read: the bytes it took (spaces before it
  // included), or 0.
  std::size_t read_prefix(json& root) {
    const char* begin = p_;
    skip_space();
    if (!value(root)) return 0;
    return static_cast<std::size_t>(p_ - begin);
  }

  // A string at the start appended to `out`: the bytes it took (spaces before it included), or 0.
  std::size_t string_prefix(std::string& out) {
    const char* begin = p_;
    skip_space();
    if (p_ == end_ || *p_ != '"' || !string(out)) return 0;
    return static_cast<std::size_t>(p_ - begin);
  }

  // One value at the start packed (source/packed_format.hpp) onto `out`, no tree made: the bytes
  // it took (spaces before it included), or 0 for anything read_prefix refuses, and for an object
  // of more than kPackedKeys keys. Containers nest at most max_depth levels, the value's own included.
  std::size_t pack_prefix(std::string& out) {
    const char* begin = p_;
    skip_space();
    keys_used_ = 0;
    if (!pack(out, 1)) return 0;
    return static_cast<std::size_t>(p_ - begin);
  }

 private:
  // Where a value goes: the root, a member of an object being read, or an item of an array being read.
  struct Slot {
    enum Kind { root, member, item } kind;
    std::size_t index;  // in members_ or items_
  };
  struct Open {
    bool array;
    std::size_t first;       // where its members or items begin in members_ or items_
    Slot slot;               // where it goes once read
    std::size_t first_hash;  // where an object's key hashes begin in `hashes_`
    std::unordered_set<std::uint64_t> key_hashes;  // filled once an object passes kKeysScanned keys
  };

  void skip_space() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  bool literal(const char* word, std::size_t n) {
    if (static_cast<std::size_t>(end_ - p_) < n || std::memcmp(p_, word, n) != 0) return false;
    p_ += n;
    return true;
  }

  json& at(json& root, Slot slot) {
    switch (slot.kind) {
      case Slot::member: return members_[slot.index].second;
      case Slot::item: return items_[slot.index];
      default: return root;
    }
  }

  // A container ends: its members or items, gathered on the shared stacks, move into a vector of
  // exactly their number (growing one member at a time would leave up to half of it unused).
  void close(json& root, Open& open) {
    json value;
    if (open.array) {
      json::array_t items;
      items.reserve(items_.size() - open.first);
      std::move(items_.begin() + static_cast<long>(open.first), items_.end(), std::back_inserter(items));
      items_.resize(open.first);
      value = json(std::move(items));
    } else {
      json::object_t members;
      members.reserve(members_.size() - open.first);
      std::move(members_.begin() + static_cast<long>(open.first), members_.end(), std::back_inserter(members));
      members_.erase(members_.begin() + static_cast<long>(open.first), members_.end());
      hashes_.resize(open.first_hash);
      value = json(std::move(members));
    }
    at(root, open.slot) = std::move(value);
  }

  // One value, containers included, read without recursion: `stack` holds the open containers.
  bool value(json& root) {
    std::vector<Open>& stack = open_;
    stack.clear();
    Slot slot{Slot::root, 0};  // where the next value goes
    for (;;) {
      if (p_ == end_) return false;
      char c = *p_;
      if (c == '{' || c == '[') {
        if (stack.size() >= max_depth_) return false;
        ++p_;
        bool array = c == '[';
        stack.push_back({array, array ? items_.size() : members_.size(), slot, hashes_.size(), {}});
        skip_space();
        if (p_ < end_ && *p_ == (array ? ']' : '}')) {
          ++p_;
          close(root, stack.back());
          stack.pop_back();
        } else if (!next_slot(stack.back(), slot)) {
          return false;
        } else {
          continue;
        }
      } else if (!scalar(at(root, slot))) {
        return false;
      }
      // After a value: close what ends here, or go on to the next member.
      for (;;) {
        if (stack.empty()) return true;
        skip_space();
        if (p_ == end_) return false;
        Open& open = stack.back();
        if (*p_ == ',') {
          ++p_;
          skip_space();
          if (!next_slot(open, slot)) return false;
          break;
        }
        if (*p_ != (open.array ? ']' : '}')) return false;
        ++p_;
        close(root, open);
        stack.pop_back();
      }
    }
  }

  // The place of an array's next item, or of an object's next member after reading its key.
  bool next_slot(Open& open, Slot& slot) {
    if (open.array) {
      items_.emplace_back();
      slot = {Slot::item, items_.size() - 1};
      return true;
    }
    std::string key;
    if (p_ == end_ || *p_ != '"' || !string(key)) return false;
    skip_space();
    if (p_ == end_ || *p_ != ':') return false;
    ++p_;
    skip_space();
    if (repeated(open, key)) return false;  // nlohmann's rule (the last value, in the first place) is left to it
    members_.emplace_back(std::move(key), json());
    slot = {Slot::member, members_.size() - 1};
    return true;
  }

  // Whether an object already has the key. Each open object's key hashes are kept in `hashes_`
  // (compared one by one, no allocation per object); past kKeysScanned keys also in a set.
  bool repeated(Open& open, const std::string& key) {
    std::uint64_t h = std::hash<std::string>{}(key);
    bool maybe = false;
    std::size_t count = hashes_.size() - open.first_hash;
    if (count < kKeysScanned) {
      maybe = std::find(hashes_.begin() + static_cast<long>(open.first_hash), hashes_.end(), h) != hashes_.end();
    } else {
      if (open.key_hashes.empty()) open.key_hashes.insert(hashes_.begin() + static_cast<long>(open.first_hash), hashes_.end());
      maybe = !open.key_hashes.insert(h).second;
    }
    hashes_.push_back(h);
    if (!maybe) return false;
    for (auto m = members_.begin() + static_cast<long>(open.first); m != members_.end(); ++m) {
      if (m->first == key) return true;
    }
    return false;
  }

  bool scalar(json& out) {
    switch (*p_) {
      case '"': {
        std::string s;
        if (!string(s)) return false;
        out = std::move(s);
        return true;
      }
      case 't': out = true; return literal("true", 4);
      case 'f': out = false; return literal("false", 5);
      case 'n': out = nullptr; return literal("null", 4);
      default: return number(out);
    }
  }

  // JSON's number grammar; integers as nlohmann keeps them (unsigned when not negative), decimals by
  // strtod as nlohmann reads them. Integers too long to be sure of are left to nlohmann.
  bool number(json& out) {
    const char* start = p_;
    bool negative = false;
    if (*p_ == '-') {
      negative = true;
      ++p_;
    }
    const char* digits = p_;
    if (p_ == end_ || *p_ < '0' || *p_ > '9') return false;
    if (*p_ == '0') {
      ++p_;
    } else {
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    std::size_t integer_digits = static_cast<std::size_t>(p_ - digits);
    bool decimal = false;
    if (p_ < end_ && *p_ == '.') {
      decimal = true;
      ++p_;
      if (p_ == end_ || *p_ < '0' || *p_ > '9') return false;
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      decimal = true;
      ++p_;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ == end_ || *p_ < '0' || *p_ > '9') return false;
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    if (p_ < end_ && *p_ >= '0' && *p_ <= '9') return false;  // "01"
    if (decimal) {
      std::string token(start, p_);
      char* stop = nullptr;
      double v = std::strtod(token.c_str(), &stop);
      if (stop != token.c_str() + token.size() || !std::isfinite(v)) return false;  // nlohmann refuses an overflow
      out = v;
      return true;
    }
    if (integer_digits > 18) return false;  // may not fit: nlohmann decides between integer and decimal
    std::uint64_t v = 0;
    for (const char* d = digits; d < p_; ++d) v = v * 10 + static_cast<std::uint64_t>(*d - '0');
    if (negative) {
      out = -static_cast<std::int64_t>(v);
    } else {
      out = v;
    }
    return true;
  }

  static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  bool code_unit(unsigned& unit) {
    if (end_ - p_ < 4) return false;
    unit = 0;
    for (int i = 0; i < 4; ++i) {
      int h = hex(p_[i]);
      if (h < 0) return false;
      unit = unit * 16 + static_cast<unsigned>(h);
    }
    p_ += 4;
    return true;
  }

  // The escape after a backslash at `p_`, decoded into `out` (at most 4 bytes): its length, or 0.
  std::size_t escape(char* out) {
    if (p_ == end_) return 0;
    char c = *p_++;
    switch (c) {
      case '"': *out = '"'; return 1;
      case '\\': *out = '\\'; return 1;
      case '/': *out = '/'; return 1;
      case 'b': *out = '\b'; return 1;
      case 'f': *out = '\f'; return 1;
      case 'n': *out = '\n'; return 1;
      case 'r': *out = '\r'; return 1;
      case 't': *out = '\t'; return 1;
      case 'u': {
        unsigned unit = 0;
        if (!code_unit(unit)) return 0;
        if (unit >= 0xDC00 && unit <= 0xDFFF) return 0;  // a low surrogate alone
        if (unit >= 0xD800 && unit <= 0xDBFF) {
          unsigned low = 0;
          if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return 0;
          p_ += 2;
          if (!code_unit(low) || low < 0xDC00 || low > 0xDFFF) return 0;
          unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        }
        return utf8_encode(unit, out);
      }
      default: return 0;
    }
  }

  // The length of the well-formed UTF-8 sequence at `at` (RFC 3629, as nlohmann's lexer checks it),
  // or 0.
  std::size_t utf8_sequence(const unsigned char* at) const {
    auto left = static_cast<std::size_t>(reinterpret_cast<const unsigned char*>(end_) - at);
    auto in = [](unsigned char b, unsigned char lo, unsigned char hi) { return b >= lo && b <= hi; };
    unsigned char b = at[0];
    if (in(b, 0xC2, 0xDF)) return left >= 2 && in(at[1], 0x80, 0xBF) ? 2 : 0;
    if (in(b, 0xE0, 0xEF)) {
      if (left < 3) return 0;
      unsigned char lo = b == 0xE0 ? 0xA0 : 0x80, hi = b == 0xED ? 0x9F : 0xBF;
      return in(at[1], lo, hi) && in(at[2], 0x80, 0xBF) ? 3 : 0;
    }
    if (in(b, 0xF0, 0xF4)) {
      if (left < 4) return 0;
      unsigned char lo = b == 0xF0 ? 0x90 : 0x80, hi = b == 0xF4 ? 0x8F : 0xBF;
      return in(at[1], lo, hi) && in(at[2], 0x80, 0xBF) && in(at[3], 0x80, 0xBF) ? 4 : 0;
    }
    return 0;
  }

  // The bytes the rest of a string from `at` (inside it, after its first run) decodes to, counted
  // without decoding: the size a string with an escape is written in place at. Stops at whatever
  // ends or breaks it.
  std::size_t rest_length(const char* at) const {
    std::size_t n = 0;
    const char* const end = end_;
    for (;;) {
      while (end - at >= 8) {  // eight plain bytes at a time, up to one that may end the run
        std::uint64_t x;
        std::memcpy(&x, at, 8);
        const std::uint64_t stops = stop_bytes(x);
        const std::size_t plain = stops == 0 ? 8 : first_flagged_byte(stops);
        at += plain;
        n += plain;
        if (plain < 8) break;
      }
      if (at >= end || *at == '"') break;
      auto b = static_cast<unsigned char>(*at);
      if (b < 0x20) break;
      if (b != '\\') {
        ++n;
        ++at;
        continue;
      }
      if (end_ - at < 2) break;
      if (at[1] != 'u') {
        ++n;
        at += 2;
        continue;
      }
      if (end_ - at < 6) break;
      unsigned unit = 0;
      for (int i = 2; i < 6; ++i) unit = unit * 16 + static_cast<unsigned>(std::max(hex(at[i]), 0));
      at += 6;
      if (unit >= 0xD800 && unit <= 0xDBFF && end_ - at >= 6 && at[0] == '\\' && at[1] == 'u') {
        n += 4;  // a surrogate pair: one code point of four bytes
        at += 6;
      } else {
        n += unit < 0x80 ? 1 : unit < 0x800 ? 2 : 3;
      }
    }
    return n;
  }

  static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "stop_bytes reads eight bytes as a little-endian word");
  // Of eight bytes read as one little-endian word (x86 and WebAssembly alike), a high bit set where
  // a byte may be a quote, a backslash, below 0x20 or not ASCII. The lowest one set is such a byte
  // for certain (a borrow only runs upward); those above it may be false alarms, which only send
  // that byte to an exact test.
  static std::uint64_t stop_bytes(std::uint64_t x) {
    constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    const std::uint64_t quote = x ^ (ones * '"'), backslash = x ^ (ones * '\\');
    return (((quote - ones) & ~quote) | ((backslash - ones) & ~backslash) | (x - ones * 0x20) | x) & highs;
  }
  // Where the lowest flagged byte of stop_bytes' answer (not 0) is, from 0 to 7.
  static std::size_t first_flagged_byte(std::uint64_t stops) { return static_cast<std::size_t>(__builtin_ctzll(stops)) / 8; }

  // Moves `p_` over a run of plain characters: to the first quote, backslash or control character,
  // or the end. False at malformed UTF-8. Eight bytes are tested at a time while all are plain
  // ASCII: Moodle's answers, carried as strings in a plan's input, are tens of megabytes of it.
  bool plain_run() {
    for (;;) {
      while (end_ - p_ >= 8) {
        std::uint64_t x;
        std::memcpy(&x, p_, 8);
        if (stop_bytes(x) != 0) break;
        p_ += 8;
      }
      if (p_ == end_) return true;
      auto b = static_cast<unsigned char>(*p_);
      if (b == '"' || b == '\\' || b < 0x20) return true;
      if (b < 0x80) {
        ++p_;
        continue;
      }
      std::size_t n = utf8_sequence(reinterpret_cast<const unsigned char*>(p_));
      if (n == 0) return false;
      p_ += n;
    }
  }

  // A string at `p_` (its opening quote). Without an escape, its one run is copied in one piece.
  // With one, its decoded size is counted first and the string written in place: grown run by run
  // it would copy itself on the way, and hold up to twice its size.
  bool string(std::string& s) {
    ++p_;
    const char* run = p_;
    if (!plain_run() || p_ == end_) return false;
    if (*p_ == '"') {
      s.append(run, static_cast<std::size_t>(p_ - run));
      ++p_;
      return true;
    }
    if (*p_ != '\\') return false;  // a control character
    const std::size_t before = s.size(), first = static_cast<std::size_t>(p_ - run);
    s.resize(before + first + rest_length(p_));
    char* out = &s[0] + before;
    char* const limit = &s[0] + s.size();
    std::memcpy(out, run, first);
    out += first;
    // From the first escape on, byte by byte: Moodle's answers, carried as strings in a plan's input,
    // have an escape every few bytes, and a scan and a copy called for each short run between them
    // cost more than the bytes themselves (in WebAssembly each copy is a call). The position is held
    // in locals: a byte written through `out` may alias any member, which would be reloaded and
    // stored again for every byte. A count that does not match the text is refused, never written past.
    const char* p = p_;
    const char* const end = end_;
    for (;;) {
      ++p;  // over the backslash
      if (p == end) return false;
      if (*p != 'u') {
        const char decoded = kShortEscapes.decoded[static_cast<unsigned char>(*p)];
        if (decoded == 0 || out == limit) return false;
        *out++ = decoded;
        ++p;
      } else {
        p_ = p;
        char decoded[4];
        const std::size_t n = escape(decoded);
        p = p_;
        if (n == 0 || static_cast<std::size_t>(limit - out) < n) return false;
        for (std::size_t i = 0; i < n; ++i) *out++ = decoded[i];
      }
      for (;;) {
        // Eight bytes at a time while they fit: all eight copied, and the plain ones before the
        // first that may end the run kept.
        while (end - p >= 8 && limit - out >= 8) {
          std::uint64_t x;
          std::memcpy(&x, p, 8);
          std::memcpy(out, &x, 8);
          const std::uint64_t stops = stop_bytes(x);
          const std::size_t plain = stops == 0 ? 8 : first_flagged_byte(stops);
          p += plain;
          out += plain;
          if (plain < 8) break;
        }
        if (p == end) return false;
        const auto b = static_cast<unsigned char>(*p);
        if (kShortEscapes.plain[b]) {
          if (out == limit) return false;
          *out++ = static_cast<char>(b);
          ++p;
          continue;
        }
        if (b == '"') {
          p_ = p + 1;
          s.resize(static_cast<std::size_t>(out - s.data()));
          return true;
        }
        if (b == '\\') break;
        if (b < 0x80) return false;  // a control character
        const std::size_t n = utf8_sequence(reinterpret_cast<const unsigned char*>(p));
        if (n == 0 || static_cast<std::size_t>(limit - out) < n) return false;
        for (std::size_t i = 0; i < n; ++i) *out++ = *p++;
      }
    }
  }

  // The value at `p_`, `level` levels down, packed onto `out`. Recursive: `level` is bounded by
  // max_depth, which pack_prefix's callers keep small.
  bool pack(std::string& out, std::size_t level) {
    if (p_ == end_) return false;
    const char c = *p_;
    if (c == '"') {
      scratch_.clear();
      if (!string(scratch_)) return false;
      out += static_cast<char>(packed_format::kString);
      packed_format::put_text(out, scratch_);
      return true;
    }
    if (c != '{' && c != '[') {
      json scalar_value;
      if (!scalar(scalar_value)) return false;
      packed_format::put_scalar(out, scalar_value);
      return true;
    }
    if (level > max_depth_) return false;
    const bool array = c == '[';
    ++p_;
    out += static_cast<char>(array ? packed_format::kArray : packed_format::kObject);
    const std::size_t count_at = out.size(), first_key = keys_used_;
    std::uint64_t count = 0;
    skip_space();
    if (p_ < end_ && *p_ == (array ? ']' : '}')) {
      ++p_;
    } else {
      for (;;) {
        if (!array && !pack_key(out, first_key)) return false;
        if (!pack(out, level + 1)) return false;
        ++count;
        skip_space();
        if (p_ == end_) return false;
        if (*p_ == ',') {
          ++p_;
          skip_space();
          continue;
        }
        if (*p_ != (array ? ']' : '}')) return false;
        ++p_;
        break;
      }
    }
    keys_used_ = first_key;
    char bytes[10];
    out.insert(count_at, bytes, packed_format::count_bytes(count, bytes));  // a field's value: a short move
    return true;
  }

  // An object's key and its colon, packed; false for a key the object has already (nlohmann's
  // rule for it is left to the tree reader) and past kPackedKeys keys.
  bool pack_key(std::string& out, std::size_t first_key) {
    if (p_ == end_ || *p_ != '"') return false;
    scratch_.clear();
    if (!string(scratch_) || keys_used_ - first_key >= kPackedKeys) return false;
    for (std::size_t k = first_key; k < keys_used_; ++k) {
      if (keys_[k] == scratch_) return false;
    }
    if (keys_used_ == keys_.size()) keys_.emplace_back();
    keys_[keys_used_++].assign(scratch_);  // its capacity kept for the next object's keys
    packed_format::put_text(out, scratch_);
    skip_space();
    if (p_ == end_ || *p_ != ':') return false;
    ++p_;
    skip_space();
    return true;
  }

  const char* p_;
  const char* end_;
  std::size_t max_depth_;
  std::string scratch_;             // a string being packed
  std::vector<std::string> keys_;   // the keys of the objects being packed, innermost last
  std::size_t keys_used_ = 0;
  std::vector<std::uint64_t> hashes_;  // the key hashes of the open objects, innermost last
  std::vector<std::pair<std::string, json>> members_;  // the members read so far of the open objects, innermost last
  std::vector<json> items_;                            // the items read so far of the open arrays, innermost last
  std::vector<Open> open_;                             // the containers open, innermost last
};

}  // namespace detail

using detail::FastReader;

bool fast_parse(std::string_view text, std::size_t max_depth, json& out) {
  // A byte-order mark is skipped by nlohmann: left to it, like anything unusual.
  if (!text.empty() && static_cast<unsigned char>(text[0]) == 0xEF) return false;
  json root;
  if (!FastReader(text, max_depth).read(root)) return false;
  out = std::move(root);
  return true;
}

FastValueReader::FastValueReader() : reader_(std::make_unique<FastReader>(std::string_view(), 0)) {}
FastValueReader::~FastValueReader() = default;

std::size_t FastValueReader::string_prefix(std::string_view text, std::string& out) {
  reader_->reset(text, 0);
  return reader_->string_prefix(out);
}

std::size_t FastValueReader::pack_prefix(std::string_view text, std::size_t max_depth, std::string& out) {
  reader_->reset(text, max_depth);
  return reader_->pack_prefix(out);
}

std::size_t FastValueReader::prefix(std::string_view text, std::size_t max_depth, json& out) {
  json value;
  reader_->reset(text, max_depth);
  std::size_t used = reader_->read_prefix(value);
  if (used > 0) out = std::move(value);
  return used;
}

}  // namespace moodle_sync
