// What the state store keeps after a run (see moodle_sync/state_store.hpp): only what neither
// Drupal nor Moodle can tell the next run. The engine decides it and hands it to the host as its
// last action, `journal_replace`, as the text of the store's file (JSON lines, one a record); the
// host only writes it.
#include <algorithm>
#include <map>
#include <set>

#include "components/enrolments/claims.hpp"
#include "engine/engine_state.hpp"
#include "moodle_sync/transforms.hpp"

namespace moodle_sync {
namespace {

std::string id_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  return "";
}

bool names_entity(const json& r) { return r.is_object() && r.value("type", json()).is_string() && r.value("uuid", json()).is_string(); }

// Outcomes after which an entity read in this run needs nothing more: ignored is what its rule wants.
bool reached_goal(const Run& r) {
  return r.outcome == Outcome::created || r.outcome == Outcome::recovered || r.outcome == Outcome::adopted || r.outcome == Outcome::updated ||
         r.outcome == Outcome::unchanged || r.outcome == Outcome::ignored || r.outcome == Outcome::deleted;
}

}  // namespace

// The mark of each type read in this run, in unix seconds: the server's time when its listing began
// (read.listed_at) when the host gave it; an edit saved while a long listing was read has a
// `changed` before the mark of a later page's entities, so the largest `changed` read would skip it
// for good. Without it, the largest `changed` read. Drupal prints RFC 3339 and filters on unix seconds. An unparsable value only costs that entity's place in the mark (it was
// read anyway): it is named in one note, and never fails the entity, whose sync does not use it.
void Engine::State::collect_high_water() {
  if (!setup.read.given || !setup.read.marks) return;
  std::vector<std::string> unreadable;
  for (const auto& type : setup.store.types()) {
    // A full read cut short may have missed entities older than the newest it saw (it reads in id
    // order). An incremental read is handed over only once every listing reached its end.
    if (!setup.read.incremental && setup.read.lists_complete_types && !setup.read.complete_types.count(type)) continue;
    if (setup.read.listed_at.count(type)) continue;  // below: the server's time, not what was read
    for (const Entity* e : setup.store.of_type(type)) {
      auto changed = e->attributes.find("changed");
      if (changed == e->attributes.end() || changed->is_null()) continue;
      std::optional<long long> at = changed_seconds(*changed);
      if (!at) {
        unreadable.push_back(e->label() + " (" + to_text(*changed) + ")");
        continue;
      }
      auto [mark, fresh] = read_high_water.emplace(type, *at);
      if (!fresh) mark->second = std::max(mark->second, *at);
    }
  }
  for (const auto& [type, at] : setup.read.listed_at) {
    if (!setup.read.incremental && setup.read.lists_complete_types && !setup.read.complete_types.count(type)) continue;
    read_high_water[type] = at;
  }
  if (unreadable.empty()) return;
  std::string list;
  for (std::size_t i = 0; i < unreadable.size() && i < 3; ++i) list += (i ? ", " : "") + unreadable[i];
  if (unreadable.size() > 3) list += " and " + std::to_string(unreadable.size() - 3) + " more";
  notes.push_back("field changed is not an RFC 3339 time on " + list + ": not counted for the high-water mark of the next incremental run");
}

void Engine::State::keep_written(const json& r) {
  if (r.is_object() && r.value("kind", "") == "enrolment" && r.value("userid", json()).is_number_integer() &&
      r.value("courseid", json()).is_number_integer() && r.value("roleid", json()).is_number_integer()) {
    std::string key = enrolment_key(r["userid"].get<long long>(), r["courseid"].get<long long>(), r["roleid"].get<long long>());
    auto [at, fresh] = written_enrolment_at.emplace(std::move(key), journal_written.size());
    if (!fresh) {
      journal_written[at->second] = r;
      return;
    }
  }
  journal_written.push_back(r);
}

// The export's moodle ids as loaded, for the entities the journal names.
void Engine::State::snapshot_state_fields() {
  for (const auto& r : setup.journal) {
    if (!names_entity(r)) continue;
    std::pair<std::string, std::string> k = {r["type"].get<std::string>(), r["uuid"].get<std::string>()};
    if (const Entity* e = setup.store.find(k.first, k.second)) {
      auto f = e->attributes.find("field_moodle_id");
      field_at_load[k] = f == e->attributes.end() ? "" : id_text(*f);
    }
  }
}

void Engine::State::each_kept_state_record(const std::function<void(const json&)>& keep) const {
  // The records are looked at where they are (a people site's journal holds tens of thousands):
  // none is copied for the store, each kept one is written as it is reached.
  const json* lists[] = {&setup.journal, &journal_written};
  // The latest record of each entity id, copy and enrolment speaks for it.
  std::map<std::pair<std::string, std::string>, const json*> ids, copies;
  std::map<std::pair<std::string, std::string>, json> pending, written;
  std::map<std::string, json> high_water;
  std::map<std::string, const json*> table_sizes, enrolments;
  std::vector<std::string> order;  // enrolment keys, first seen first: a stable file
  for (const json* list : lists) {
    for (const auto& r : *list) {
      if (!r.is_object()) continue;
      std::string kind = r.value("kind", "");
      if (kind == "enrolment") {
        if (!r.value("userid", json()).is_number_integer() || !r.value("courseid", json()).is_number_integer() ||
            !r.value("roleid", json()).is_number_integer()) continue;
        std::string key = enrolment_key(r["userid"].get<long long>(), r["courseid"].get<long long>(), r["roleid"].get<long long>());
        if (!enrolments.count(key)) order.push_back(key);
        enrolments[key] = &r;
      } else if (kind == "table_size") {
        if (r.value("table", json()).is_string()) table_sizes[r["table"].get<std::string>()] = &r;  // the latest whole read's
      } else if (kind == "high_water") {
        if (r.value("type", json()).is_string() && r.value("changed", json()).is_number_integer()) high_water[r["type"].get<std::string>()] = r;
      } else if (names_entity(r)) {
        std::pair<std::string, std::string> k = {r["type"].get<std::string>(), r["uuid"].get<std::string>()};
        if (kind == "pending") pending[k] = r;
        else if (kind == "written") written[k] = r;
        else (kind == "copy" ? copies : ids)[k] = &r;
      }
    }
  }
  auto export_value = [this](const std::pair<std::string, std::string>& k) -> std::string {
    if (auto w = written_back.find(k); w != written_back.end()) return w->second;
    auto f = field_at_load.find(k);
    return f == field_at_load.end() ? "" : f->second;
  };
  for (const auto& [k, r] : ids) {
    // An entity no longer in the export needs its id no more; one whose write-back landed neither.
    // A live read may leave an entity out without it being gone: its id is kept until it is read.
    bool in_export = setup.store.find(k.first, k.second) != nullptr;
    bool unread = !in_export && setup.read.given && !known_gone(k.first, k.second);
    if ((in_export && export_value(k) != id_text(r->value("moodle_id", json()))) || unread) keep(*r);
  }
  for (const auto& [k, r] : copies) {
    // A copy being made: needed until its entity holds a moodle id. A copy has no idnumber until
    // its update, so only this record finds it again: an entity missing from an export that may be
    // partial (its collection absent or cut) keeps it too, or its return would copy it twice.
    bool in_export = setup.store.find(k.first, k.second) != nullptr;
    if (in_export ? export_value(k).empty() : !known_gone(k.first, k.second)) keep(*r);
  }
  for (const auto& key : order) {
    const json& r = *enrolments.at(key);
    bool removed = r.value("status", "") == "removed";
    // A confirmed removal matters only while its registration is still there (canceled): it
    // spares the next run a read. An intent is kept whatever it was for: its state is unknown.
    bool source_there = names_entity(r) && setup.store.find(r["type"].get<std::string>(), r["uuid"].get<std::string>());
    if (!removed || r.value("intent", false) || source_there) keep(r);
  }
  if (setup.read.given) read_state_records(high_water, pending, written, keep);
  else {
    for (const auto& [type, r] : high_water) keep(r);  // a file export reads no marks: kept as they were
    for (const auto& [k, r] : pending) keep(r);
    for (const auto& [k, r] : written) keep(r);
  }
  // The journal's records come before this run's: the first resume record found is the same.
  json resume = resume_record(setup.journal);
  if (resume.is_null()) resume = resume_record(journal_written);
  if (!resume.is_null()) keep(resume);
  for (const auto& [table, r] : table_sizes) {
    if (r->value("rows", json()).is_number_integer()) keep(*r);  // without rows: a small table, its size forgotten
  }
}

// A full read its budget stopped is read in full again until one ends: only such a read finds what
// Drupal no longer has, and it moved no mark. The record stays through other runs (an incremental
// one, a run stopped on a fatal error) and goes once a full read ends.
json Engine::State::resume_record(const json& records) const {
  const bool full_read = setup.read.given && !setup.read.incremental;
  if (!stopped.is_null() && full_read) return {{"kind", "resume"}, {"mode", "full"}};
  if (full_read && !cut_short()) return json();
  for (const auto& r : records) {
    if (r.is_object() && r.value("kind", json()) == "resume") return r;
  }
  return json();
}

// The records of a live read: a high-water mark per type (never moved back, nor by a run stopped
// on a fatal error: what it did not reach must be read again), the entities read in this run
// that did not reach their goal, read again by uuid by the next incremental run, and the `changed`
// each write-back gave its entity: the next read finds the entity changed by the tool itself
// (its dependents need no read). That record lasts until the entity is read again (from then on
// the high-water mark covers it), or until the mark, less the overlap, passed it: no read by
// `changed` can return it with that value any more.
void Engine::State::read_state_records(const std::map<std::string, json>& high_water,
                                       const std::map<std::pair<std::string, std::string>, json>& pending,
                                       const std::map<std::pair<std::string, std::string>, json>& written,
                                       const std::function<void(const json&)>& keep) const {
  std::map<std::string, long long> marks;
  for (const auto& [type, r] : high_water) marks[type] = r["changed"].get<long long>();
  if (!cut_short()) {
    for (const auto& [type, at] : read_high_water) marks[type] = std::max(marks.count(type) ? marks[type] : at, at);
  }
  for (const auto& [type, at] : marks) keep({{"kind", "high_water"}, {"type", type}, {"changed", at}});
  std::set<std::pair<std::string, std::string>> unsynced;
  for (const Run& r : runs) {
    if (!r.entity || setup.store.find(r.entity->type, r.entity->uuid) != r.entity || reached_goal(r)) continue;
    unsynced.insert({r.entity->type, r.entity->uuid});
  }
  for (const auto& [k, r] : pending) {
    // Read in this run: its own outcome speaks (below). Not read: still owed, unless it is gone.
    if (!setup.store.find(k.first, k.second) && !known_gone(k.first, k.second)) keep(r);
  }
  for (const auto& k : unsynced) keep({{"kind", "pending"}, {"type", k.first}, {"uuid", k.second}});
  const long long overlap = setup.config.settings.value("source", json::object()).value("overlap_seconds", 60LL);
  for (const auto& [k, r] : written) {
    bool read_again = setup.store.find(k.first, k.second) && !cut_short();
    auto mark = marks.find(k.first);
    bool passed = mark != marks.end() && r["changed"].is_number_integer() && r["changed"].get<long long>() < mark->second - overlap;
    if (!read_again && !passed && !known_gone(k.first, k.second) && !written_changed.count(k)) keep(r);
  }
  for (const auto& [k, at] : written_changed) {
    keep({{"kind", "written"}, {"type", k.first}, {"uuid", k.second}, {"changed", at}});
  }
}

}  // namespace moodle_sync
