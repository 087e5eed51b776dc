// A journal's text (JSON lines) read into records and written from them, in the core: the state
// store's file reaches the engine as it is, and the state to keep leaves it as the file's text,
// without a tree of every record on either side of the boundary.
#include "moodle_sync/json_text.hpp"
#include "moodle_sync/state_store.hpp"

namespace moodle_sync {

json journal_records(const std::string& text) {
  json records = json::array();
  std::string line;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    line.assign(text, at, end - at);
    at = end + 1;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    // JSON.parse refuses a byte order mark where the core's parser would skip it: as the hosts did.
    if (line.compare(0, 3, "\xEF\xBB\xBF") == 0) continue;
    json record = parse_json_or_discarded(line);
    if (!record.is_discarded()) records.push_back(std::move(record));  // else: the one line a kill can cut short
  }
  return records;
}

void append_journal_line(std::string& text, const json& record) {
  text += record.dump(-1, ' ', false, json::error_handler_t::replace);
  text += '\n';
}

}  // namespace moodle_sync
