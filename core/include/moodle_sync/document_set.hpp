#pragma once
// The pages a JSON:API read brought back, held in the core: each page is checked as it arrives
// (JSON, a JSON:API collection of the type asked, paging that does not loop), its resources are
// kept once (a later read of an entity replaces the earlier one), and the set says which reads are
// still needed (references not held, entities that depend on a changed one). The engine takes its
// documents and its read scope from here, so the host never holds the site.
#include <memory>
#include <string>

#include "moodle_sync/config.hpp"
#include "moodle_sync/json.hpp"

namespace moodle_sync {

class DocumentSet {
 public:
  // `journal`: the state records of the last run; its `written` records name the `changed` the
  // source's own write-backs gave their entities.
  explicit DocumentSet(Config config, const json& journal = json::array());
  ~DocumentSet();
  DocumentSet(const DocumentSet&) = delete;
  DocumentSet& operator=(const DocumentSet&) = delete;

  // One page: `url` as requested, `query` the query object it answers (source_queries' shape),
  // `body` the text, `date` the answer's HTTP Date header ("" when none came). -> {ok: true, next:
  // url|null, count} | {ok: false, error: {class: "protocol", message}}; a refused page changes nothing.
  json add(const std::string& url, const json& query, const std::string& body, const std::string& date = "");
  // The answer to the individual GET of an entity an event said was deleted: {type, uuid, id?, url,
  // status, body, content_type}. Only a JSON:API 404 of that entity is evidence: it is then gone
  // for the run as if a census lacked it. -> {ok: true, gone} | {ok: false, gone: false, error}.
  json add_gone(const json& answer);
  // {queries: [...]}: the reads still needed; each is asked once, so an empty answer ends it.
  json followups();
  // make_engine's "documents": [{name, document}], a copy for one engine.
  json engine_documents() const;
  // make_engine's "read": {mode, complete_types, census, gone?, marks?}.
  json read_scope() const;

  struct State;

 private:
  std::unique_ptr<State> s_;
};

// A document set for the configuration make_engine would read from `input` ({text | config,
// file, journal?}); nullptr with `error` set ({kind: "config", message, issues}) when it is not valid.
std::unique_ptr<DocumentSet> make_document_set(const json& input, json& error);

// The engine input with the set's documents and read scope in place of input.documents.
json with_documents(json input, const DocumentSet& documents);

}  // namespace moodle_sync
