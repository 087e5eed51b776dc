// A journal's text (JSON lines) read into records and written from them, in the core: the state
// store's file reaches the engine as it is, and the state to keep leaves it as the file's text,
// without a tree of every record on either side of the boundary.
#include <cmath>
#include <cstdint>

#include "moodle_sync/json_text.hpp"
#include "moodle_sync/state_store.hpp"

namespace moodle_sync {
namespace {

// What JSON.parse reads but the core's parser refuses: the hosts refused the whole run for it.
bool json_the_core_cannot_hold(const ParsedJson& parsed) {
  return parsed.too_deep || parsed.message.find("surrogate U+") != std::string::npos ||
         parsed.message.find("number overflow") != std::string::npos;
}

constexpr double kLargestExactInteger = 9007199254740992.0;  // 2^53

// Numbers as JavaScript reads them, so that every host sees one record: 7.0 is 7.
void as_javascript_numbers(json& value) {
  if (value.is_structured()) {
    for (auto& item : value) as_javascript_numbers(item);
  } else if (value.is_number_float()) {
    const double d = value.get<double>();
    if (std::trunc(d) == d && std::fabs(d) <= kLargestExactInteger) {
      if (d < 0) value = static_cast<std::int64_t>(d);
      else value = static_cast<std::uint64_t>(d);
    }
  }
}

}  // namespace

json journal_records(const std::string& text) {
  std::string refused;
  json records = journal_records(text, refused);
  return refused.empty() ? records : json::array();
}

json journal_records(const std::string& text, std::string& refused) {
  std::size_t number = 0;
  json records = json::array();
  std::string line;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    line.assign(text, at, end - at);
    at = end + 1;
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    // JSON.parse refuses a byte order mark where the core's parser would skip it: as the hosts did.
    if (line.compare(0, 3, "\xEF\xBB\xBF") == 0) continue;
    ParsedJson parsed = parse_json(line);
    if (parsed.ok) {
      as_javascript_numbers(parsed.value);
      records.push_back(std::move(parsed.value));
    } else if (json_the_core_cannot_hold(parsed)) {
      refused = "the state store's line " + std::to_string(number) + " cannot be read (" + parsed.message +
                "): mend or remove that line; nothing was synced";
      return json::array();
    }  // else: not JSON, as the one line a kill can cut short
  }
  return records;
}

void append_journal_line(std::string& text, const json& record) {
  text += record.dump(-1, ' ', false, json::error_handler_t::replace);
  text += '\n';
}

}  // namespace moodle_sync
