// Keeping the pages of a JSON:API read: each page checked, each entity kept once (the latest read
// wins: an entity read again after an edit is the newer copy), chains of pages and complete
// collections tracked, id listings (census) kept apart from entities.
#include "moodle_sync/document_set.hpp"

#include <optional>

#include "drupal/document_set_state.hpp"
#include "drupal/page_check.hpp"
#include "drupal/query.hpp"
#include "drupal/resource_type.hpp"
#include "drupal/since.hpp"
#include "drupal/url_text.hpp"
#include "moodle_sync/entity_id.hpp"
#include "moodle_sync/transforms.hpp"

namespace moodle_sync {
namespace {

json protocol_error(const std::string& url, const std::string& problem) {
  return {{"ok", false}, {"error", {{"class", "protocol"}, {"message", drupal::url_for_message(url) + ": " + problem}}}};
}

std::string id_text(const json& resource, const std::string& type) {
  auto attrs = resource.find("attributes");
  if (attrs == resource.end() || !attrs->is_object()) return "";
  auto v = attrs->find(drupal::id_key(type));
  if (v == attrs->end()) return "";
  auto id = EntityId::from_value(*v);
  return id ? id->text() : "";
}

// The smallest and largest integer id of a page's resources, or nothing when the page is empty or
// an id is missing or not an integer (a configuration entity's machine name).
std::optional<std::pair<long long, long long>> id_range(const json& data, const std::string& key) {
  std::optional<std::pair<long long, long long>> range;
  for (const auto& r : data) {
    const json* attrs = r.contains("attributes") ? &r["attributes"] : nullptr;
    if (!attrs || !attrs->contains(key) || !(*attrs)[key].is_number_integer()) return std::nullopt;
    long long id = (*attrs)[key].get<long long>();
    range = range ? std::make_pair(std::min(range->first, id), std::max(range->second, id)) : std::make_pair(id, id);
  }
  return range;
}

// The query's parameters, when it is sorted on `key` (keyset paging needs that order).
std::optional<std::vector<std::pair<std::string, std::string>>> params_sorted_on(const json& query, const std::string& key) {
  std::vector<std::pair<std::string, std::string>> params;
  bool sorted = false;
  const json list = query.value("params", json::array());
  if (!list.is_array()) return std::nullopt;
  for (const auto& p : list) {
    if (!p.is_array() || p.size() != 2 || !p[0].is_string() || !p[1].is_string()) return std::nullopt;
    params.push_back({p[0].get<std::string>(), p[1].get<std::string>()});
    sorted = sorted || (params.back().first == "sort" && params.back().second == key);
  }
  if (!sorted) return std::nullopt;
  return params;
}

// How many resources of the collection at `collection_path` the page left out for access
// (meta.omitted.links: one "item" link per resource, its URL the resource's own). Included
// resources hidden from the account are listed there too; they are not the collection's.
std::size_t omitted_of(const json& document, const std::string& collection_path) {
  const json* links = document.contains("meta") && document["meta"].is_object() && document["meta"].contains("omitted") &&
                              document["meta"]["omitted"].is_object() && document["meta"]["omitted"].contains("links")
                          ? &document["meta"]["omitted"]["links"]
                          : nullptr;
  if (!links || !links->is_object()) return 0;
  std::size_t n = 0;
  for (const auto& [name, link] : links->items()) {
    if (name == "help" || !link.is_object() || !link.contains("href") || !link["href"].is_string()) continue;
    const std::string& href = link["href"].get_ref<const std::string&>();
    auto at = href.find(collection_path + "/");
    if (at != std::string::npos && href.find('/', at + collection_path.size() + 1) == std::string::npos) ++n;
  }
  return n;
}

// Whether an entity a `changed` query read changed since the last run, and so brings the entities
// depending on it. The query reaches back source.overlap_seconds before its mark for saves
// committed late (stamped before the mark, visible only after the last read); the entities of that
// window are planned again themselves, but their dependents are not read: the window always holds
// the newest entities, so their dependents would be read again on every run. A late save's
// dependents follow at the next edit of it, or in a full run. An entity whose `changed` is the one
// the source's own write-back gave it changed in field_moodle_id only, which no dependent reads
// (`changed` has whole seconds: a person's edit in the very second of that PATCH, after it, looks
// the same; its dependents follow as a late save's do).
bool changed_since_last_run(const DocumentSet::State& s, const json& query, const std::string& type, const std::string& uuid,
                            const json& resource) {
  auto attrs = resource.find("attributes");
  if (attrs == resource.end() || !attrs->is_object() || !attrs->contains("changed")) return true;
  auto at = changed_seconds((*attrs)["changed"]);
  if (!at) return true;
  auto mark = query.find("mark");
  if (mark != query.end() && mark->is_number_integer() && *at <= mark->get<long long>()) return false;
  auto own = s.own_writes.find({type, uuid});
  return own == s.own_writes.end() || own->second != *at;
}

}  // namespace

bool DocumentSet::State::held(const std::string& type, const std::string& uuid) const { return resource(type, uuid) != nullptr; }

const json* DocumentSet::State::resource(const std::string& type, const std::string& uuid) const {
  for (const auto* store : {&primary, &included}) {
    auto t = store->find(type);
    if (t == store->end()) continue;
    auto r = t->second.find(uuid);
    if (r != t->second.end()) return &*r;
  }
  return nullptr;
}

DocumentSet::DocumentSet(Config config, const json& journal) : s_(std::make_unique<State>()) {
  s_->plan = drupal::read_plan(config);
  s_->config = std::move(config);
  if (!journal.is_array()) return;
  for (const auto& r : journal) {
    if (!r.is_object() || r.value("kind", json()) != "written" || !r.value("type", json()).is_string() ||
        !r.value("uuid", json()).is_string() || !r.value("changed", json()).is_number_integer()) continue;
    s_->own_writes[{r["type"].get<std::string>(), r["uuid"].get<std::string>()}] = r["changed"].get<long long>();
  }
}

DocumentSet::~DocumentSet() = default;

json DocumentSet::add(const std::string& url, const json& query, const std::string& body, const std::string& date) {
  State& s = *s_;
  drupal::QueryKind kind;
  if (!query.is_object() || !query.contains("type") || !query["type"].is_string() || !query.contains("kind") ||
      !query["kind"].is_string() || !drupal::query_kind_from_string(query["kind"].get<std::string>(), kind)) {
    return protocol_error(url, "the page comes without the query it answers ({type, kind, path, params} from source_queries)");
  }
  const std::string type = query["type"].get<std::string>();
  const bool census = kind == drupal::QueryKind::census;
  const std::string key = drupal::id_key(type);
  // A chain is one query followed page by page: the same query asked twice is one chain.
  const std::string chain_name = to_text(query);
  std::set<std::string>& chain = s.chains[chain_name];
  drupal::PageCheck page = drupal::check_page(body, type, census ? key : "", url, chain);
  if (!page.problem.empty()) return protocol_error(url, page.problem);
  json& data = page.document["data"];
  const auto ids = id_range(data, key);
  auto after = s.keyset_after.find(chain_name);
  if (ids && after != s.keyset_after.end() && ids->first <= after->second) {
    return protocol_error(url, "the page lists " + key + " " + std::to_string(ids->first) + ", not after " +
                                   std::to_string(after->second) + " where the previous page ended (a paging loop)");
  }
  const bool first_page = chain.empty();
  if (kind == drupal::QueryKind::events) s.events_read = true;
  if (kind == drupal::QueryKind::full || kind == drupal::QueryKind::changed) s.listing_read = true;
  chain.insert(drupal::page_key(url));
  if (first_page && (kind == drupal::QueryKind::full || kind == drupal::QueryKind::changed)) {
    if (auto at = drupal::parse_http_date(date)) {
      auto [mark, fresh] = s.listed_at.emplace(type, *at);
      if (!fresh) mark->second = std::min(mark->second, *at);
    }
  }
  if (std::size_t hidden = omitted_of(page.document, drupal::collection_path(type))) s.omitted[type] += hidden;
  const std::size_t count = data.size();
  if (census) {
    json& list = s.census.emplace(type, json::array()).first->second;
    for (auto& r : data) list.push_back({{"id", r["attributes"][drupal::id_key(type)]}, {"uuid", r["id"]}});
  } else {
    if (!s.primary.count(type)) s.type_order.push_back(type);
    json& of_type = s.primary.emplace(type, json::object()).first->second;
    for (auto& r : data) {
      std::string uuid = r["id"].get<std::string>();
      std::string id = id_text(r, type);
      if (!id.empty()) s.uuid_by_id[{type, id}] = uuid;
      // An entity an event named changed (unless only by the source's own write-back): its dependents follow.
      const bool named = kind == drupal::QueryKind::changed || kind == drupal::QueryKind::events;
      if (named && changed_since_last_run(s, query, type, uuid, r)) s.changed_pending.push_back({type, uuid});
      auto inc = s.included.find(type);
      if (inc != s.included.end()) inc->second.erase(uuid);  // a full copy replaces an included one
      r.erase("links");  // the self link carries the revision; nothing reads it
      of_type[uuid] = std::move(r);
    }
    if (page.document.contains("included")) {
      for (auto& r : page.document["included"]) {
        std::string t = r["type"].get<std::string>(), uuid = r["id"].get<std::string>();
        auto p = s.primary.find(t);
        if (p != s.primary.end() && p->second.contains(uuid)) continue;
        std::string id = id_text(r, t);
        if (!id.empty()) s.uuid_by_id[{t, id}] = uuid;
        r.erase("links");
        s.included.emplace(t, json::object()).first->second[uuid] = std::move(r);
      }
    }
  }
  if (page.next.empty()) {
    if (kind == drupal::QueryKind::full) s.complete_types.insert(type);
    if (census) s.census_done.insert(type);
  }
  // links.next only says that more rows follow (a page may be short: access hides rows). The next
  // page is asked by keyset, after the largest id read: page[offset] would skip a row for each row
  // deleted before it during the read, and a listing taken as complete would then remove it. A
  // page without ids (every row hidden) goes on by Drupal's own link, within the same keyset.
  std::string next = page.next;
  auto params = params_sorted_on(query, key);
  if (!next.empty() && ids && params) {
    s.keyset_after[chain_name] = ids->second;
    drupal::add_keyset_filter(*params, key, ids->second);
    next = url.substr(0, url.find('?')) + "?" + drupal::encoded_query(*params);
  }
  return {{"ok", true}, {"next", next.empty() ? json() : json(next)}, {"count", count}};
}

json DocumentSet::engine_documents() const {
  json docs = json::array();
  for (const auto& type : s_->type_order) {
    json data = json::array();
    for (const auto& [uuid, r] : s_->primary.at(type).items()) data.push_back(r);
    docs.push_back({{"name", drupal::collection_path(type)}, {"document", {{"data", std::move(data)}}}});
  }
  json included = json::array();
  for (const auto& [type, of_type] : s_->included) {
    for (const auto& [uuid, r] : of_type.items()) included.push_back(r);
  }
  if (!included.empty()) docs.push_back({{"name", "the pages read"}, {"document", {{"data", json::array()}, {"included", included}}}});
  return docs;
}

json DocumentSet::read_scope() const {
  // A type with entities the account may not see is read only in part: those entities are not
  // gone, and nothing may be removed for their absence.
  auto seen_whole = [this](const std::string& type) { return !s_->omitted.count(type); };
  json complete = json::array();
  for (const auto& type : s_->complete_types) {
    if (seen_whole(type)) complete.push_back(type);
  }
  bool full = true;
  for (const auto& c : s_->plan.collections) full = full && s_->complete_types.count(c.type);
  json census = json::object();
  for (const auto& type : s_->census_done) {
    if (seen_whole(type)) census[type] = s_->census.at(type);
  }
  json scope = {{"mode", full ? "full" : "incremental"}, {"complete_types", complete}, {"census", census}};
  if (!s_->listed_at.empty()) scope["listed_at"] = s_->listed_at;
  if (!s_->gone.empty()) scope["gone"] = s_->gone;
  if (s_->events_read && !s_->listing_read) scope["marks"] = false;
  for (const auto& [type, n] : s_->omitted) {
    scope["notes"].push_back("Drupal left out " + std::to_string(n) + " " + type + (n == 1 ? " entity" : " entities") +
                             " the account may not view (meta.omitted): " + type +
                             " is read only in part, nothing is removed for an entity missing from it (give the account "
                             "the administer permission of that type to sync them all)");
  }
  return scope;
}

std::unique_ptr<DocumentSet> make_document_set(const json& in, json& error) {
  Config config;
  if (!config_from_input(in, config, error)) return nullptr;
  return std::make_unique<DocumentSet>(std::move(config), in.value("journal", json::array()));
}

json with_documents(json input, const DocumentSet& documents) {
  input["documents"] = documents.engine_documents();
  input["read"] = documents.read_scope();
  return input;
}

}  // namespace moodle_sync
