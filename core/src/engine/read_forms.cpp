#include "engine/read_forms.hpp"

#include <algorithm>

#include "components/registry.hpp"
#include "engine/engine_state.hpp"
#include "engine/listing_answer.hpp"
#include "moodle_sync/rest_request.hpp"

namespace moodle_sync {
namespace {

// Bytes a call costs beyond its form body and its answer: the request line and headers, the
// "wstoken=<32 hex>&" the host puts in front, the answer's status line and headers.
constexpr long long kCallOverheadBytes = 600;
// A whole answer smaller than this costs about as much as the requests and headers of a few calls:
// no id list could save enough to be worth a record in the journal, so none is kept (and an older
// one is dropped), and the table stays read whole.
constexpr std::size_t kSizeWorthKeepingBytes = 16 * 1024;

struct ReadForms : ComponentState {
  std::map<std::string, std::set<long long>> by_ids;  // tables read by an id list: the ids asked for
};

ReadForms& forms_of(Engine::State& s) { return s.state_of<ReadForms>("(read forms)"); }

long long call_bytes(const std::string& wsfunction, const json& params, std::size_t budget) {
  return static_cast<long long>(encode_call(wsfunction, params, budget).body.size()) + kCallOverheadBytes;
}

// Why this run needs every object of the table, with the ids it needs otherwise; empty: only those.
std::string whole_needed(Engine::State& s, const std::string& table, std::vector<long long>& ids) {
  const Config& config = s.setup.config;
  std::set<long long> wanted;
  for (const Component* c : components()) {
    if (!config.enabled(c->name()) || c->moodle_table() != table || !c->objects()) continue;
    // Finding the objects of deleted entities needs every object: an id list is no census.
    std::string policy = config.component(c->name()).value("deleted", "keep");
    if (policy != "keep" && policy != "none") return c->name() + ".deleted is \"" + policy + "\": deleted entities' objects are looked for among all of them";
    for (Run* r : s.runs_of(c->name())) {
      if (r->finished()) continue;  // ignored, or failed before any read
      if (r->decision.action != MoodleIdAction::update) {
        return r->entity->label() + " has no moodle id: it is looked for by its idnumber (and the journal), which needs every object";
      }
      wanted.insert(r->decision.moodle_id);
    }
  }
  ids.assign(wanted.begin(), wanted.end());
  return {};
}

TableSize journal_size(const Engine::State& s, const std::string& table) {
  TableSize size;
  for (const json& r : s.setup.journal) {  // the latest record speaks
    if (!r.is_object() || r.value("kind", json()) != "table_size" || r.value("table", json()) != table) continue;
    if (r.value("rows", json()).is_number_integer() && r.value("bytes", json()).is_number_integer()) {
      size = {r["rows"].get<long long>(), r["bytes"].get<long long>()};
    }
  }
  return size;
}

// The whole read just queued (in front) keeps its answer's size for the next run's choice: the
// bytes of the body as Moodle sent it, the rows as loaded. A read retried after a transient failure
// records nothing: the next run then reads whole once more.
void keep_size_of_answer(Engine::State& s, const ComponentRead& read, const std::string& table) {
  if (s.queue.empty() || s.queue.front().read_key != read_key(read.wsfunction, read.params)) return;
  Task& task = s.queue.front();
  task.on_result = [&s, table, inner = std::move(task.on_result)](const json& result) {
    inner(result);
    // The body is measured where it is: a listing's answer is megabytes.
    const auto body = result.is_object() ? result.find("body") : result.end();
    if (result.value("status", 0) == 200 && body != result.end() && body->is_string() && s.fatal.is_null() && s.tables[table].loaded()) {
      const std::size_t bytes = body->get_ref<const std::string&>().size();
      long long rows = static_cast<long long>(s.tables[table].records().size());
      s.journal_written.push_back(bytes < kSizeWorthKeepingBytes ? json{{"kind", "table_size"}, {"table", table}}  // forgets an older size
                                                                 : table_size_record(table, rows, static_cast<long long>(bytes)));
    }
  };
}

}  // namespace

ReadFormChoice choose_read_form(const ComponentRead& read, const std::vector<long long>& ids, const std::string& whole_needed,
                                TableSize size, std::size_t budget) {
  ReadFormChoice choice;
  bool fits = true;
  if (read.by_ids) {
    std::vector<std::size_t> one_each(ids.size(), 1);  // an id is one form variable
    try {
      for (const Batch& b : plan_batches(one_each, kFixedVariables, budget)) {
        json list = std::vector<long long>(ids.begin() + static_cast<long>(b.begin), ids.begin() + static_cast<long>(b.end));
        choice.id_calls.push_back(read.by_ids(list));
      }
    } catch (const std::invalid_argument&) {
      fits = false;  // a budget too small for even one id beside the fixed variables
      choice.id_calls.clear();
    }
  }
  if (size.known()) {
    choice.whole_bytes = call_bytes(read.wsfunction, read.params, budget) + size.bytes;
    long long per_row = size.rows > 0 ? (size.bytes + size.rows - 1) / size.rows : 0;
    choice.ids_bytes = static_cast<long long>(ids.size()) * per_row;
    for (const json& params : choice.id_calls) choice.ids_bytes += call_bytes(read.wsfunction, params, budget);
  }
  if (!read.by_ids) choice.reason = read.wsfunction + " cannot look objects up by id";
  else if (!whole_needed.empty()) choice.reason = whole_needed;
  else if (!fits) choice.reason = "the max_input_vars budget cannot carry an id list";
  else if (!size.known()) choice.reason = "the table's size is not known yet: no whole read is recorded in the journal";
  else if (choice.ids_bytes >= choice.whole_bytes) choice.reason = "the whole table costs fewer bytes";
  else {
    choice.by_ids = true;
    choice.reason = std::to_string(ids.size()) + " of about " + std::to_string(size.rows) + " objects are needed: the id list costs fewer bytes";
  }
  return choice;
}

json to_json(const ReadFormChoice& choice) {
  return {{"form", choice.by_ids ? "ids" : "whole"},
          {"reason", choice.reason},
          {"whole", {{"calls", 1}, {"bytes", choice.whole_bytes < 0 ? json() : json(choice.whole_bytes)}}},
          {"ids", {{"calls", choice.id_calls.size()}, {"bytes", choice.ids_bytes < 0 ? json() : json(choice.ids_bytes)}}}};
}

json read_form_answer(const json& in) {
  const std::string wsfunction = in.value("wsfunction", "");
  const Config any;
  for (const Component* c : components()) {
    for (const ComponentRead& read : c->reads(any)) {
      if (read.wsfunction != wsfunction || !read.whole_table) continue;
      std::vector<long long> ids = in.value("ids", std::vector<long long>{});
      std::sort(ids.begin(), ids.end());
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
      TableSize size;
      if (in.contains("table_size") && in["table_size"].is_object()) {
        size = {in["table_size"].value("rows", -1LL), in["table_size"].value("bytes", -1LL)};
      }
      std::size_t budget = in.value("max_input_vars", kDefaultMaxInputVars);
      return to_json(choose_read_form(read, ids, in.value("whole_needed", ""), size, budget));
    }
  }
  throw std::invalid_argument("wsfunction: \"" + wsfunction + "\" is not a table read of any component");
}

json table_size_record(const std::string& table, long long rows, long long bytes) {
  return {{"kind", "table_size"}, {"table", table}, {"rows", rows}, {"bytes", bytes}};
}

void queue_table_reads(Engine::State& s, const std::map<std::string, ComponentRead>& reads) {
  for (const auto& [table, read] : reads) {
    std::vector<long long> ids;
    std::string whole = whole_needed(s, table, ids);
    ReadFormChoice choice = choose_read_form(read, ids, whole, journal_size(s, table), s.budget);
    if (!choice.by_ids) {
      s.queue_read(read);
      load_listing_in_pieces(s, read);
      keep_size_of_answer(s, read, table);
      continue;
    }
    forms_of(s).by_ids[table] = std::set<long long>(ids.begin(), ids.end());
    s.tables[table].clear();
    s.tables[table].mark_loaded();  // no call at all when no object is needed
    for (auto it = choice.id_calls.rbegin(); it != choice.id_calls.rend(); ++it) {  // pushed in front: the first list goes first
      s.push_read(read.wsfunction, *it, read.what + " by id", [&s, table = table, fn = read.wsfunction, load = read.load](const json& v) {
        if (!load(s.tables[table], v)) s.shape_error(fn);
      });
    }
  }
}

bool table_read_whole(Engine::State& s, const std::string& table) { return forms_of(s).by_ids.count(table) == 0; }

bool table_read_covers(Engine::State& s, const std::string& table, long long id) {
  auto partial = forms_of(s).by_ids.find(table);
  return partial == forms_of(s).by_ids.end() || partial->second.count(id) > 0;
}

}  // namespace moodle_sync
