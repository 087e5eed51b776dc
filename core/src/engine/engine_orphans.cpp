// Entities deleted in Drupal leave Moodle objects behind: objects whose idnumber has the
// component's pattern but that no entity of the export claims. Per the component's `deleted`
// policy they are left alone, moved to a trash category, suspended (users), or deleted. An export without a single
// entity of the component, or with one page of its collection only, is taken as incomplete, and nothing is removed.
// A live incremental run reads only what changed: there the census of the type (an id-only listing)
// says what exists, and an object whose idnumber names an id it lacks is a deleted entity's. An
// events run knows only of the entities whose deletion an event reported (and their GET confirmed):
// only their objects are looked for.
#include <regex>

#include "components/registry.hpp"
#include "engine/listing_answer.hpp"
#include "engine/engine_state.hpp"
#include "engine/read_forms.hpp"
#include "moodle_sync/component_entities.hpp"

namespace moodle_sync {

void Engine::State::queue_orphans(const std::string& component) {
  if (!setup.config.enabled(component)) return;
  const Component& c = component_named(component);
  std::optional<RemovalPlan> removal = c.removal(setup.config);
  if (!removal) return;
  const json& settings = setup.config.component(component);
  std::string policy = settings.value("deleted", "keep");
  if (policy == "keep" || policy == "none" || !fatal.is_null()) return;
  std::string entity_type = c.entity_type(setup.config);
  // A census lists every entity Drupal has of the type: what it lacks is deleted, whatever was read.
  bool census = has_census(entity_type);
  std::string pattern = settings.value("idnumber_pattern", "{id}");
  std::set<std::string> gone_idnumbers = event_gone_idnumbers(entity_type, pattern);
  std::set<long long> gone_ids = event_gone_moodle_ids(entity_type);
  const bool by_event = !census && partial(entity_type) && !(gone_idnumbers.empty() && gone_ids.empty());
  if (!census && partial(entity_type) && !by_event) return;  // a missing entity may be on another page: see the note
  std::vector<Run*> own = runs_of(component);
  std::set<std::string> census_claims = census_idnumbers(entity_type, pattern);
  if (!by_event && (census ? census_claims.empty() : own.empty())) {
    notes.push_back(component + ": the " + std::string(census ? "census" : "export") + " has no " + entity_type +
                    " entity; deleted ones were not looked for");
    return;
  }
  // A table that cannot be listed by idnumber (users) is listed by the component's own read, once.
  const std::string& listing = removal->listing_table;
  if (removal->listing && !tables[listing].loaded()) {
    const ComponentRead& read = *removal->listing;
    push_read(read.wsfunction, read.params, read.what, [this, listing, component, fn = read.wsfunction, load = read.load](const json& v) {
      if (!load(tables[listing], v)) return shape_error(fn);
      queue_orphans(component);
    });
    // Every account of the site: loaded item by item, never decoded whole.
    if (read.items_in) load_answers_in_pieces(*this, 1, listing, read.load, read.items_in, [this, component] { queue_orphans(component); });
    return;
  }
  if (!table_read_whole(*this, listing)) {  // an id list holds only what it asked for: it is no census
    notes.push_back(component + ": Moodle's " + listing + " table was read by id list; deleted entities' objects were not looked for");
    return;
  }
  std::set<long long> claimed_ids;
  std::set<std::string> claimed_idnumbers = census_claims;
  for (const auto& r : runs) {
    if (component_named(r.component).moodle_table() != c.moodle_table()) continue;
    if (r.moodle_id) claimed_ids.insert(r.moodle_id);
    claimed_idnumbers.insert(r.idnumber);
  }
  std::regex re = idnumber_regex(pattern, entity_type);
  long long trash = settings.value("trash_category", 0LL);
  std::vector<Run*> to_move, to_delete;
  for (const auto& [id, record] : tables[listing].records()) {
    std::string idnumber = record.value("idnumber", "");
    std::smatch m;
    if (idnumber.empty() || claimed_ids.count(id) || claimed_idnumbers.count(idnumber) || !std::regex_match(idnumber, m, re)) continue;
    if (by_event && !gone_idnumbers.count(idnumber) && !gone_ids.count(id)) continue;
    long long parent = record.value(removal->placement_field, 0LL);
    if (policy == "trash" && (parent == trash || id == trash)) continue;  // already in the trash
    if (policy == "suspend" && record.value("suspended", false) == true) continue;  // already suspended
    orphan_entities.push_back(Entity{});
    Entity& e = orphan_entities.back();
    e.type = entity_type;
    e.id = m.size() > 1 && m[1].matched ? EntityId::of_name(m[1].str()) : EntityId();  // digits: a number when it fits
    e.uuid = "(deleted)";
    Run run;
    run.component = component;
    run.entity = &e;
    run.idnumber = idnumber;
    run.moodle_id = id;
    run.note = "no longer in Drupal";
    runs.push_back(std::move(run));
    Run& r = runs.back();
    if (policy == "trash") {
      r.changes = {{removal->placement_field, {{"old", parent}, {"new", trash}}}};
      to_move.push_back(&r);
    } else if (policy == "suspend") {
      r.changes = {{"suspended", {{"old", 0}, {"new", 1}}}};
      to_move.push_back(&r);
    } else {
      r.changes = json::object();
      to_delete.push_back(&r);
    }
  }
  if (!writes) {
    for (Run* r : to_move) r->planned = policy == "suspend" ? Intent::suspend : Intent::move_to_trash, finish(*r, guard.writes_allowed ? Outcome::updated : Outcome::blocked);
    for (Run* r : to_delete) r->planned = Intent::delete_object, finish(*r, guard.writes_allowed ? Outcome::deleted : Outcome::blocked);
  }  // and on: queue_batches counts what a sync would send (planned_calls) and sends nothing
  if (!to_move.empty()) {
    std::vector<json> items;
    for (Run* r : to_move) {
      if (policy == "suspend") items.push_back({{"id", r->moodle_id}, {"suspended", 1}});
      else items.push_back({{"id", r->moodle_id}, {removal->placement_field, trash}});
    }
    queue_batches(update_spec(component), to_move, std::move(items));
  }
  if (!to_delete.empty()) {
    std::vector<json> ids;
    for (Run* r : to_delete) ids.push_back(r->moodle_id);
    queue_batches(delete_spec(component), to_delete, std::move(ids));
  }
}

}  // namespace moodle_sync
