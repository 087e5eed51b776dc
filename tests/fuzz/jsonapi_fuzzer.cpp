// The JSON:API entity reader: a page of a live Drupal source as it comes over HTTP. The page goes
// into a document set (checked, its resources kept), the set says what to read next, and an engine
// reads its entities. The configuration and the requests are those of the first read_drupal
// vector; the first byte of the input picks the request the page answers.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "moodle_sync/document_set.hpp"
#include "moodle_sync/engine.hpp"
#include "moodle_sync/json_text.hpp"

namespace {

using moodle_sync::json;

struct Setting {
  json input;                 // {config}
  std::vector<json> requests;  // [{url, query}]
};

const Setting& setting() {
  static const Setting s = [] {
    std::ifstream file(MOODLE_SYNC_VECTORS_DIR "/drupal_documents.json");
    std::stringstream text;
    text << file.rdbuf();
    const json vectors = json::parse(text.str());
    const json& first = vectors["cases"][0]["input"];
    Setting out;
    out.input = {{"config", first["config"]}};
    for (const auto& step : first["steps"]) {
      if (step.contains("url") && step.contains("query")) out.requests.push_back({{"url", step["url"]}, {"query", step["query"]}});
    }
    return out;
  }();
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace moodle_sync;
  const Setting& s = setting();
  if (size == 0 || s.requests.empty()) return 0;
  const json& request = s.requests[data[0] % s.requests.size()];
  const std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
  json error;
  auto set = make_document_set(s.input, error);
  if (!set) __builtin_trap();  // the vector's configuration is valid
  const json added = set->add(request["url"].get<std::string>(), request["query"], body, "Tue, 01 Dec 2026 10:00:00 GMT");
  (void)to_text(added);
  (void)to_text(set->followups());
  (void)to_text(set->read_scope());
  // The engine reads the entities of every page the set kept.
  json engine_error;
  auto engine = make_engine(with_documents(s.input, *set), engine_error);
  if (engine) (void)to_text(engine->next());
  return 0;
}
