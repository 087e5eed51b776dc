#pragma once
// One collection read the host performs: GET source.url + path + '?' + the params, encoded as
// URLSearchParams encodes them. `kind` says why it is read, which the document set needs.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "drupal/read_plan.hpp"
#include "moodle_sync/json.hpp"

namespace moodle_sync::drupal {

// full: the whole collection; changed: those changed since a time; census: ids only; uuids: by
// uuid (pending, asked); references: entities referenced but not held; dependents: entities that
// point at a changed one; events: entities Drupal said it saved (their dependents follow as a changed
// read's do, but the read sets no high-water mark: it is no listing).
enum class QueryKind { full, changed, census, uuids, references, dependents, events };
const char* to_string(QueryKind kind);
bool query_kind_from_string(const std::string& text, QueryKind& out);

struct Query {
  std::string type;
  QueryKind kind = QueryKind::full;
  std::string path;
  std::vector<std::pair<std::string, std::string>> params;
  // A `changed` read: the high-water mark it was built from (unix seconds). An entity at or below
  // it is in the overlap window, read again, not changed since the last run (see followups.cpp).
  std::optional<long long> mark;
};

json to_json(const Query& q);

// The sparse fieldset, include and sort of a collection (or, for a type no collection reads,
// only the sort on its id key).
Query collection_query(const ReadPlan& plan, const std::string& type, QueryKind kind);
Query census_query(const std::string& type);

// `filter[changed] >= since` in the condition form: timestamps compare as unix seconds.
void add_changed_filter(Query& q, long long since);

// `filter[keyset]`: `key > after`, the condition that pages a listing sorted on `key` (its id key)
// from where the previous page ended. Unlike page[offset], it skips no row when rows before it are
// deleted during the read.
void add_keyset_filter(std::vector<std::pair<std::string, std::string>>& params, const std::string& key, long long after);

// Copies of `base`, each filtering `path` IN a chunk of `values`, each URL within `max_url`
// characters (the site URL included).
std::vector<Query> chunked_in(const Query& base, const std::string& path, const std::vector<std::string>& values,
                              std::size_t max_url);

// The query string as URLSearchParams writes it, and its length.
std::string encoded_query(const std::vector<std::pair<std::string, std::string>>& params);
std::size_t encoded_length(const std::vector<std::pair<std::string, std::string>>& params);

// Requests stay under this many characters: servers and proxies refuse long URLs at about 8 KB.
constexpr std::size_t kMaxUrl = 6000;

}  // namespace moodle_sync::drupal
