// Building an engine from what a host sends: the configuration text, the export's documents,
// the source's site URL, the journal and the mode.
#include "moodle_sync/engine.hpp"
#include "moodle_sync/state_store.hpp"

namespace moodle_sync {
namespace {

// `budget: {ms, spent_ms?}`: whole milliseconds; absent: the run has no time budget.
std::string parse_budget(const json& budget, EngineSetup& setup) {
  if (budget.is_null()) return "";
  if (!budget.is_object()) return "budget: expected {\"ms\": milliseconds}, got " + budget.dump();
  const json ms = budget.value("ms", json());
  if (!ms.is_number_integer() || ms.get<long long>() <= 0) return "budget.ms: expected whole milliseconds above 0, got " + ms.dump();
  const json spent = budget.value("spent_ms", json(0));
  if (!spent.is_number() || spent.get<double>() < 0) return "budget.spent_ms: expected milliseconds (0 or more), got " + spent.dump();
  setup.budget_ms = ms.get<long long>();
  setup.budget_spent_ms = static_cast<long long>(spent.get<double>());
  return "";
}

}  // namespace

std::unique_ptr<Engine> make_engine(json in, json& error, std::optional<EntityStore> documents) {
  EngineSetup setup;
  if (!config_from_input(in, setup.config, error)) return nullptr;
  setup.sites = source_sites_of(in);  // before the documents are moved into the store
  // When the documents come as a tree, the journal is read before they become entities: its text
  // and its records then live beside the export's tree, which shrinks as the store grows, not
  // beside the whole store. (Read from the input's text, `documents`, they never were a tree.)
  // Moved, not copied: a people site's journal holds tens of thousands of records.
  if (in.contains("journal") && in["journal"].is_array()) setup.journal = std::move(in["journal"]);
  // Or the store file's text as it is: read here, never as the host's objects and their JSON.
  else if (in.contains("journal_text") && in["journal_text"].is_string()) {
    std::string refused;
    setup.journal = journal_records(in["journal_text"].get_ref<const std::string&>(), refused);
    if (!refused.empty()) {
      error = {{"kind", "input"}, {"message", refused}};
      return nullptr;
    }
    in.erase("journal_text");  // not beside its records
  }
  if (documents) {
    setup.store = std::move(*documents);  // read from the input's text, resource by resource
  } else {
    try {
      json docs = in.contains("documents") && in["documents"].is_array() ? std::move(in["documents"]) : json::array();
      for (std::size_t i = 0; i < docs.size(); ++i) {
        std::string name = docs[i].value("name", "document " + std::to_string(i));
        setup.store.add_document(docs[i].contains("document") ? std::move(docs[i]["document"]) : json(), name);
      }
    } catch (const EntityFormatError& e) {
      error = {{"kind", "entity"}, {"message", e.what()}};
      return nullptr;
    }
  }
  if (std::string problem = parse_read_scope(in.value("read", json()), setup.read); !problem.empty()) {
    error = {{"kind", "read"}, {"message", problem}};
    return nullptr;
  }
  if (std::string problem = parse_completion_input(in.value("completion", json()), setup.completion); !problem.empty()) {
    error = {{"kind", "completion"}, {"message", problem}};
    return nullptr;
  }
  if (std::string problem = parse_budget(in.value("budget", json()), setup); !problem.empty()) {
    error = {{"kind", "input"}, {"message", problem}};
    return nullptr;
  }
  setup.dry_run = in.value("dry_run", false);
  setup.offline = in.value("offline", false);
  if (in.contains("snapshot") && in["snapshot"].is_object()) setup.snapshot = std::move(in["snapshot"]);
  return std::make_unique<Engine>(std::move(setup));
}

}  // namespace moodle_sync
