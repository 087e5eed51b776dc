#include "engine/listing_answer.hpp"

#include <optional>

#include <utility>

#include "json/fast_parse.hpp"
#include "moodle_sync/json_text.hpp"

namespace moodle_sync {
namespace {

// Items handed to a table's loader at once: the loader's own look-ups are made once per chunk.
constexpr std::size_t kChunkItems = 256;

// JSON's whitespace, as nlohmann skips it.
std::size_t skip_space(const std::string& text, std::size_t at) {
  while (at < text.size() && (text[at] == ' ' || text[at] == '\n' || text[at] == '\r' || text[at] == '\t')) ++at;
  return at;
}

// One past the item that begins at `at`: at the ',' or ']' that ends it outside any string or
// bracket, or text.size() when there is none. Only finds the item's end: parse_json checks it.
std::size_t item_end(const std::string& text, std::size_t at) {
  std::size_t depth = 0;
  for (; at < text.size(); ++at) {
    char c = text[at];
    if (c == '"') {
      for (++at; at < text.size() && text[at] != '"'; ++at) {
        if (text[at] == '\\') ++at;
      }
      if (at >= text.size()) return text.size();
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      if (depth == 0) return at;
      --depth;
    } else if (c == ',' && depth == 0) {
      return at;
    }
  }
  return at;
}

// The host's reply, when it is a 2xx answer whose body is text: what decode_answer reads without
// a question (any other reply, or one whose fields it would refuse, is left to it).
const std::string* listing_body(const json& result) {
  if (!result.is_object()) return nullptr;
  auto status = result.find("status");
  auto body = result.find("body");
  if (status == result.end() || !status->is_number_integer() || body == result.end() || !body->is_string()) return nullptr;
  if (status->get<long long>() < 200 || status->get<long long>() >= 300) return nullptr;
  for (const char* text_field : {"content_type", "transport_error"}) {
    auto field = result.find(text_field);
    if (field != result.end() && !field->is_string()) return nullptr;
  }
  return &body->get_ref<const std::string&>();
}

}  // namespace

bool for_each_listed(const std::string& text, const std::function<bool(json item)>& item, std::size_t levels_around) {
  std::size_t at = skip_space(text, 0);
  if (at == text.size() || text[at] != '[') return false;
  at = skip_space(text, at + 1);
  if (at < text.size() && text[at] == ']') return skip_space(text, at + 1) == text.size();
  // Each item is read where it stands, by one reader for all of them: no copy of its text, no
  // scan for its end first. An item the quick reader refuses (a repeated key, an integer too long
  // for it) is found and read alone, as nlohmann reads it.
  FastValueReader reader;
  const std::string_view all(text);
  // The array is one level, and what holds it the levels around it.
  const std::size_t depth = kMaxJsonDepth - 1 - levels_around;
  for (;;) {
    json value;
    std::size_t used = reader.prefix(all.substr(at), depth, value);
    if (used == 0) {
      std::size_t end = item_end(text, at);
      if (end == text.size()) return false;
      ParsedJson parsed = parse_json(text.substr(at, end - at), depth);
      if (!parsed.ok) return false;
      value = std::move(parsed.value);
      used = end - at;
    }
    if (!item(std::move(value))) return false;
    std::size_t end = skip_space(text, at + used);
    if (end == text.size()) return false;
    if (text[end] == ']') return skip_space(text, end + 1) == text.size();
    if (text[end] != ',') return false;  // a '}' where a ',' belongs: not JSON, left to the whole read
    at = end + 1;
  }
}

void load_listing_in_pieces(Engine::State& s, const ComponentRead& read) {
  if (s.queue.empty() || s.queue.front().read_key != read_key(read.wsfunction, read.params)) return;
  Task& task = s.queue.front();
  task.on_result = [&s, table = read.table, load = read.load, inner = std::move(task.on_result)](const json& result) {
    const std::string* body = listing_body(result);
    MoodleTable loaded;
    loaded.mark_loaded();
    json chunk = json::array();
    auto flush = [&] {
      bool ok = load(loaded, chunk);
      chunk = json::array();
      return ok;
    };
    bool listed = body && for_each_listed(*body, [&](json item) {
      chunk.push_back(std::move(item));
      return chunk.size() < kChunkItems || flush();
    });
    if (!listed || (!chunk.empty() && !flush())) return inner(result);  // decoded whole, as ever: its answer or its error
    s.tables[table] = std::move(loaded);  // what the whole answer, loaded, would have made the table
  };
}

namespace {

// One past the string that begins at `at` (its opening quote), or text.size() when it never ends.
std::size_t string_end(const std::string& text, std::size_t at) {
  for (++at; at < text.size(); ++at) {
    if (text[at] == '\\') ++at;
    else if (text[at] == '"') return at + 1;
  }
  return text.size();
}

}  // namespace

std::optional<std::pair<std::size_t, std::size_t>> listed_member_span(const std::string& text, const std::string& member) {
  const std::string quoted = "\"" + member + "\"";
  std::optional<std::pair<std::size_t, std::size_t>> found;
  std::size_t at = skip_space(text, 0);
  if (at == text.size() || text[at] != '{') return std::nullopt;
  for (at = skip_space(text, at + 1);;) {
    if (at >= text.size() || text[at] != '"') return std::nullopt;
    std::size_t key_end = string_end(text, at);
    std::string key = text.substr(at, key_end - at);
    if (key_end == text.size() || key.find('\\') != std::string::npos || !parse_json(key).ok) return std::nullopt;
    std::size_t colon = skip_space(text, key_end);
    if (colon == text.size() || text[colon] != ':') return std::nullopt;
    std::size_t value = skip_space(text, colon + 1);
    std::size_t end = item_end(text, value);
    if (end == text.size() || text[end] == ']') return std::nullopt;
    if (key == "\"exception\"") return std::nullopt;  // Moodle's error: the whole decode says so
    if (key == quoted) {
      if (found) return std::nullopt;  // twice: which one counts is the whole decode's to say
      found = std::make_pair(value, end);
    } else if (!parse_json(text.substr(value, end - value), kMaxJsonDepth - 1).ok) {
      return std::nullopt;
    }
    if (text[end] == '}') return skip_space(text, end + 1) == text.size() ? found : std::nullopt;
    at = skip_space(text, end + 1);
  }
}

void load_answers_in_pieces(Engine::State& s, std::size_t tasks, const std::string& table, bool (*load)(MoodleTable&, const json&),
                            const char* items_in, std::function<void()> then) {
  for (std::size_t i = 0; i < tasks && i < s.queue.size(); ++i) {
    Task& task = s.queue[i];
    task.on_result = [&s, table, load, member = std::string(items_in ? items_in : ""), then,
                      inner = std::move(task.on_result)](const json& result) {
      const std::string* body = listing_body(result);
      std::string items_text;  // the member's array, when the answer is an object
      if (body && !member.empty()) {
        auto span = listed_member_span(*body, member);
        if (span) items_text = body->substr(span->first, span->second - span->first);
        body = span ? &items_text : nullptr;
      }
      // Loaded apart, and put in the table only once the whole answer was read: an answer that fails
      // half-way leaves nothing of itself behind for the whole decode (or a retry) to find.
      MoodleTable staged;
      json chunk = json::array();
      auto flush = [&] {
        bool ok = load(staged, member.empty() ? chunk : json{{member, std::move(chunk)}});
        chunk = json::array();
        return ok;
      };
      bool listed = body && for_each_listed(*body, [&](json item) {
        chunk.push_back(std::move(item));
        return chunk.size() < kChunkItems || flush();
      }, member.empty() ? 0 : 1);
      if (listed && (chunk.empty() || flush())) {
        MoodleTable& into = s.tables[table];
        for (const auto& [id, record] : staged.records()) into.put(id, record);
        into.mark_loaded();
        if (then) then();
        return;
      }
      inner(result);  // decoded whole, as ever: its answer or its error
    };
  }
}

}  // namespace moodle_sync
