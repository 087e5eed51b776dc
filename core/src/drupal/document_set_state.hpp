#pragma once
// What a document set holds between pages (document_set.cpp stores, followups.cpp asks).
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "drupal/read_plan.hpp"
#include "moodle_sync/document_set.hpp"

namespace moodle_sync {

struct DocumentSet::State {
  Config config;
  drupal::ReadPlan plan;
  // type -> {uuid -> resource}: the data of every page, one copy per entity, in reading order.
  std::map<std::string, json> primary;
  std::vector<std::string> type_order;
  // Resources that came only as `included` (role terms of registrations): type -> {uuid -> resource}.
  std::map<std::string, json> included;
  std::map<std::pair<std::string, std::string>, std::string> uuid_by_id;  // (type, id text) -> uuid
  // Each chain of pages (one query followed through links.next): the URLs read.
  std::map<std::string, std::set<std::string>> chains;
  // Each chain paged by keyset: the largest id read so far; the next page must start after it.
  std::map<std::string, long long> keyset_after;
  std::set<std::string> complete_types;  // a full read reached its last page
  std::map<std::string, json> census;    // type -> [{id, uuid}]
  std::set<std::string> census_done;
  // type -> the server's time (Date header) when the first of its full or changed listings began:
  // everything changed after it is read by the next incremental run, whatever this run read.
  std::map<std::string, long long> listed_at;
  // type -> how many of its entities pages left out (meta.omitted): access hides them, so neither a
  // listing nor a census of the type is complete.
  std::map<std::string, std::size_t> omitted;
  // Entities read because they changed, whose dependents followups() has not asked yet.
  std::vector<std::pair<std::string, std::string>> changed_pending;
  // (type, uuid) -> the `changed` the source's own write-back gave it (the journal's `written` records).
  std::map<std::pair<std::string, std::string>, long long> own_writes;
  std::set<std::pair<std::string, std::string>> asked;  // (type, uuid or "#id") already asked for
  // Entities an event said were deleted and whose own GET answered a JSON:API 404: type -> [{uuid, id?}].
  std::map<std::string, json> gone;
  // Pages of entities named by events, and of listings (full, changed): an events read alone sets
  // no high-water mark (what it did not read may have changed before the entities it read).
  bool events_read = false;
  bool listing_read = false;

  bool held(const std::string& type, const std::string& uuid) const;
  bool held_id(const std::string& type, const std::string& id) const { return uuid_by_id.count({type, id}) > 0; }
  const json* resource(const std::string& type, const std::string& uuid) const;
};

}  // namespace moodle_sync
