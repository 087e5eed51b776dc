// The engine's phases: observe what exists, then for each component plan every entity (create,
// adopt, update, unchanged, ignored, stale, failed) in passes, so that an entity waiting for a
// parent category or a template is planned once that one has its moodle id.
#include "moodle_sync/engine.hpp"

#include <algorithm>
#include <optional>
#include <utility>
#include <regex>
#include <set>
#include <unordered_map>

#include "components/registry.hpp"
#include "config/url_safety.hpp"
#include "engine/batch_queue.hpp"
#include "engine/batch_sizes.hpp"
#include "engine/created_changes.hpp"
#include "engine/engine_state.hpp"
#include "engine/planned_calls.hpp"
#include "engine/read_forms.hpp"
#include "moodle/entity_diff.hpp"
#include "moodle_sync/component_entities.hpp"
#include "moodle_sync/mapping.hpp"
#include "moodle_sync/state_store.hpp"

namespace moodle_sync {
namespace {

json issues_error(const std::vector<EntityIssue>& issues) {
  json list = json::array();
  for (const auto& i : issues) list.push_back(to_json(i));
  const EntityIssue& first = issues.front();
  return {{"class", "data"}, {"field", first.field}, {"message", describe(first)}, {"issues", list}};
}

// Components whose entities each stand for one Moodle object named by field_moodle_id.
bool owns_objects(const std::string& component) { return component_named(component).objects() != nullptr; }

json field_moodle_id(const Entity& e) {
  auto it = e.attributes.find("field_moodle_id");
  return it == e.attributes.end() ? json() : *it;
}

}  // namespace

Engine::Engine(EngineSetup setup) : s_(std::make_unique<State>()) {
  s_->setup = std::move(setup);
  const json& moodle = s_->setup.config.settings["moodle"];
  s_->budget = moodle.value("max_input_vars", std::size_t{5000});
  s_->max_items = moodle.value("max_batch_items", std::size_t{100});
  s_->retries = moodle.value("retries", 3);
  s_->retry_delay_ms = moodle.value("retry_delay_ms", 500LL);
}

Engine::~Engine() = default;

json Engine::next() {
  State& s = *s_;
  if (s.has_current) return s.current.action;  // the host has not answered yet: ask again
  while (true) {
    s.stop_at_safe_point();
    if (!s.fatal.is_null()) {
      // After a credentials, permission or protocol failure no further call is sent; journal
      // records and write-backs of what was already created still are.
      s.queue.erase(std::remove_if(s.queue.begin(), s.queue.end(), [](const Task& t) { return t.action["kind"] == "call"; }),
                    s.queue.end());
    }
    if (s.write_backs_stopped && !s.queue.empty() &&
        (s.queue.front().action["kind"] == "write_back" || s.queue.front().action["kind"] == "write_fields")) {
      // The source refused a write-back for its set-up or credentials: the others would fail alike.
      Task task = std::move(s.queue.front());
      s.queue.pop_front();
      task.on_result({{"ok", false}, {"not_sent", true}, {"error", "the run stopped: " + s.fatal.value("message", std::string("a fatal error"))}});
      continue;
    }
    if (!s.queue.empty() && s.queue.front().local) {
      // A read answered from the snapshot: never shown to the host.
      Task task = std::move(s.queue.front());
      s.queue.pop_front();
      if (task.counted) s.count_call(task.action["wsfunction"].get<std::string>());
      task.on_result(task.local_result);
      continue;
    }
    if (!s.queue.empty()) break;
    if (s.phase == Phase::finished) {
      // Last: the state store keeps what the next run needs (decided here, written by the host).
      // A completion run leaves the store as it was: it created nothing in Moodle.
      if (s.writes && !s.journal_failed && !s.journal_replaced && !s.setup.completion.given) {
        s.journal_replaced = true;
        // As the file's text, written record by record: a people site keeps tens of thousands, and
        // a tree of them, then its JSON, then the host's objects made it the run's largest moment.
        Task replace;
        replace.action = {{"kind", "journal_replace"}};
        // Sized first: a text grown by doubling is held twice over at its last growth.
        std::size_t size = 0;
        s.each_kept_state_record([&size](const json& r) {
          std::string line;
          append_journal_line(line, r);
          size += line.size();
        });
        s.kept_text.reserve(size);
        s.each_kept_state_record([&s](const json& r) { append_journal_line(s.kept_text, r); });
        replace.on_result = [&s](const json&) { std::string().swap(s.kept_text); };
        s.queue.push_back(std::move(replace));
        // The records it was decided from are read no more: freed before the action is handed out.
        s.journal_written = json::array();
        std::unordered_map<std::string, std::size_t>().swap(s.written_enrolment_at);
        s.setup.journal = json::array();
      }
      break;
    }
    s.advance();
  }
  if (s.queue.empty()) return {{"kind", "done"}};
  s.current = std::move(s.queue.front());
  s.queue.pop_front();
  if (s.current.group) s.begun_groups.insert(s.current.group);
  s.current.action["id"] = s.next_action_id++;
  // Counting is linear in the entities: recount every 64 actions, enough for a progress bar.
  if (s.current.action["id"].get<long long>() % 64 == 1) {
    s.finished_count = 0;
    for (const auto& r : s.runs) s.finished_count += r.finished();
  }
  s.current.action["progress"] = {{"done", s.finished_count}, {"total", s.runs.size()}};
  s.has_current = true;
  return s.current.action;
}

// Moves to the next phase, or plans the next pass of the current component.
void Engine::State::advance() {
  const auto& all = components();
  switch (phase) {
    case Phase::start:
      start();
      phase = Phase::observe;
      break;
    case Phase::observe:
      phase = Phase::components;
      break;
    case Phase::components:
      if (component_index >= all.size()) phase = Phase::finished;
      else if (setup.completion.given && all[component_index]->name() != "completion") ++component_index;  // a completion run plans only that
      else if (!all[component_index]->plan_pass(*this)) queue_orphans(all[component_index++]->name());
      break;
    case Phase::finished:
      break;
  }
}

void Engine::feed(json result) {
  State& s = *s_;
  if (!s.has_current) return;
  s.has_current = false;
  Task task = std::move(s.current);
  s.count_elapsed(result);
  note_call_result(s, task.action, result);  // batch sizes from measured times
  if (task.action["kind"] == "call") s.count_call(task.action["wsfunction"].get<std::string>());
  task.on_result(result);
  // Kept once the answer is decoded, not beside its decoding: a listing's answer is megabytes.
  if (!task.read_key.empty()) s.observe(task.read_key, std::move(result));  // a retried read keeps its last answer
}

void Engine::State::count_call(const std::string& wsfunction) {
  ++calls_total;
  calls_by_function[wsfunction] = calls_by_function.value(wsfunction, 0) + 1;
}

json Engine::report() const { return s_->report(); }

const std::string& Engine::journal_text() const { return s_->kept_text; }

// Moved out, not copied: a site's listing is megabytes, and its copy beside the engine's was the
// peak of a re-sync's observe run. Nothing else reads the answers; a host takes them once, at the end.
json Engine::take_snapshot() {
  s_->observed_at.clear();
  return std::exchange(s_->observed, json::object());
}

void Engine::stop(const std::string& reason) {
  s_->has_current = false;
  s_->fatal = {{"class", "protocol"}, {"message", reason}};
}

std::vector<Run*> Engine::State::runs_of(const std::string& component) {
  std::vector<Run*> out;
  for (auto& r : runs) {
    if (r.component == component) out.push_back(&r);
  }
  return out;
}

void Engine::State::finish(Run& run, Outcome outcome) {
  run.outcome = outcome;
  run.waiting = false;
  // What refers to an entity that could not be synced is skipped, naming this one as the cause.
  if ((outcome == Outcome::stale || outcome == Outcome::failed) && owns_objects(run.component) && run.entity && run.entity->unusable.empty()) {
    std::string why = outcome == Outcome::stale ? run.note : run.error.value("message", std::string("failed"));
    if (why.size() > 160) why = why.substr(0, 157) + "...";
    run.entity->unusable = run.entity->label() + (outcome == Outcome::stale ? " is stale (" : " failed (") + why + ")";
  }
}

// Not synced because something it needs could not be: reported once per cause, not as a failure.
void Engine::State::skip(Run& run, const std::string& cause) {
  run.cause = cause;
  run.error = json();
  run.note = "skipped: it depends on " + cause;
  finish(run, Outcome::skipped);
  // What depends on this one is held back by the same root cause, the one a person can fix.
  if (owns_objects(run.component) && run.entity && run.entity->unusable.empty()) run.entity->unusable = cause;
}

void Engine::State::fail(Run& run, json error) {
  run.error = std::move(error);
  finish(run, Outcome::failed);
}

// Later look-ups through `moodle_id` references see the new id at once (parents, templates).
void Engine::State::set_moodle_id(Run& run, long long id) {
  run.moodle_id = id;
  run.entity->attributes.set("field_moodle_id", std::to_string(id));
}

void Engine::State::start() {
  Config& config = setup.config;
  guard = check_site_guard(config, setup.sites);
  for (const auto& w : setup.store.warnings()) notes.push_back(w);
  for (const ConfigIssue& w : config_warnings(config.settings)) notes.push_back("warning: " + w.path + ": " + w.message);
  // A live source says what it read (one note for the run); a file export's documents say it themselves.
  if (setup.read.given) note_read_scope();
  for (const auto& [type, document] : setup.read.given ? std::map<std::string, std::string>{} : setup.store.incomplete_types()) {
    notes.push_back(document + " holds only part of the " + type + " collection (one page, with links.next, or a single resource): its entities are synced, "
                    "but removals that depend on that collection (enrolments, cohort members, deleted entities) are held back");
  }
  for (const auto& [type, document] : setup.read.given ? std::map<std::string, std::string>{} : setup.store.included_only_types()) {
    notes.push_back(type + " is only among the included resources of " + document + ", not a whole collection: its entities are synced, "
                    "but removals that depend on that collection (enrolments, cohort members, deleted entities) are held back");
  }
  for (const Component* c : components()) c->start(*this);
  if (!setup.completion.given && config.enabled("completion")) {
    notes.push_back("a sync does not read completions: they flow from Moodle by `completion pull` or the push receiver (`serve`)");
  }
  snapshot_state_fields();
  collect_high_water();
  writes = guard.writes_allowed && !setup.dry_run;
  for (const auto& record : setup.journal) {
    if (record.is_object() && record.value("type", json()).is_string() && record.value("uuid", json()).is_string() &&
        record.value("moodle_id", json()).is_number_integer()) {
      journal_ids[{record["type"].get<std::string>(), record["uuid"].get<std::string>()}] = record["moodle_id"].get<long long>();
    }
    if (record.is_object() && record.value("kind", "") == "copy" && record.value("type", json()).is_string() &&
        record.value("uuid", json()).is_string() && record.value("shortname", json()).is_string()) {
      long long after = record.value("after_id", json()).is_number_integer() ? record["after_id"].get<long long>() : 0;
      copy_intents[{record["type"].get<std::string>(), record["uuid"].get<std::string>()}] = {record["shortname"].get<std::string>(), after};
    }
  }
  std::map<std::string, ComponentRead> table_reads;  // by table: each table is read once
  for (const Component* c : components()) {
    const std::string component = c->name();
    if (!config.enabled(component) || (setup.completion.given && component != "completion")) continue;
    for (ComponentRead& read : c->reads(config)) {
      if (read.whole_table) table_reads.emplace(read.table, std::move(read));
    }
    std::string type = c->entity_type(config);
    if (type.empty()) continue;
    std::string pattern = config.component(component).value("idnumber_pattern", "{id}");
    for (Entity* e : setup.store.of_type(type)) {
      Run run;
      run.component = component;
      run.entity = e;
      run.idnumber = idnumber_for(pattern, *e);
      run.decision = decide_moodle_id(field_moodle_id(*e));
      if (run.decision.action == MoodleIdAction::ignore) {
        run.note = run.decision.reason;
        run.outcome = Outcome::ignored;
      } else if (!e->unusable.empty()) {  // the reader could not read it (a field nested too deep)
        fail(run, {{"class", "data"}, {"message", e->unusable}});
      }
      runs.push_back(std::move(run));
    }
  }
  // Two entities that would share an idnumber in one Moodle table: neither is written. Gathered by
  // table in a hash map; only the shared ones are put in order, failed in the order they always were.
  std::map<std::string, std::unordered_map<std::string, std::vector<Run*>>> by_table;
  for (auto& r : runs) {
    if (!r.finished()) by_table[component_named(r.component).moodle_table()][r.idnumber].push_back(&r);
  }
  std::map<std::pair<std::string, std::string>, std::vector<Run*>> by_idnumber;
  for (auto& [table, groups] : by_table) {
    for (auto& [idnumber, group] : groups) {
      if (group.size() > 1) by_idnumber.emplace(std::make_pair(table, idnumber), std::move(group));
    }
  }
  for (auto& [key, group] : by_idnumber) {
    for (Run* r : group) {
      std::string others;
      for (Run* o : group) {
        if (o != r) others += (others.empty() ? "" : ", ") + o->entity->label();
      }
      fail(*r, {{"class", "data"}, {"field", "idnumber"},
                {"message", "idnumber \"" + key.second + "\" would be shared with " + others + " in Moodle's " + key.first + " table"}});
    }
  }
  fail_shared_claims();
  queue_table_reads(*this, table_reads);  // each whole, or by the ids the plan needs: whichever costs fewer bytes
}

// Two entities whose field_moodle_id names one Moodle object (a cloned node copies the field) would
// rename it after each other on every run: neither may write to it until a person decides.
void Engine::State::fail_shared_claims() {
  std::map<std::pair<std::string, long long>, std::vector<Run*>> by_claim;
  for (auto& r : runs) {
    if (!r.finished() && r.decision.action == MoodleIdAction::update && owns_objects(r.component)) {
      by_claim[{component_named(r.component).moodle_table(), r.decision.moodle_id}].push_back(&r);
    }
  }
  for (auto& [claim, group] : by_claim) {
    if (group.size() < 2) continue;
    std::string all;
    for (Run* o : group) all += (all.empty() ? "" : ", ") + o->entity->label();
    for (Run* r : group) {
      fail(*r, {{"class", "data"}, {"field", "field_moodle_id"},
                {"message", "moodle id " + std::to_string(claim.second) + " is claimed by " + all +
                                ": nothing is written to it until only one of them holds it (a copied field_moodle_id?)"}});
    }
  }
}

// A moodle id whose object carries the idnumber of another entity of this component (the id was
// copied from that entity) is never taken over: the object stays with the entity it names.
std::string Engine::State::foreign_idnumber(const Run& r, const json& record) {
  std::string theirs = record.value("idnumber", "");
  if (theirs.empty() || theirs == r.idnumber) return {};
  const json& settings = setup.config.component(r.component);
  std::string pattern = settings.value("idnumber_pattern", "{id}");
  std::regex ours = idnumber_regex(pattern, r.entity->type);
  std::smatch m;
  if (!std::regex_match(theirs, m, ours)) return {};  // an idnumber of another scheme: the admin linked it on purpose
  // A bare "{id}" pattern matches any number (a student number, say): then only an idnumber that
  // names an entity of the export counts as another entity's.
  bool literal = std::regex_replace(pattern, std::regex(R"(\{[a-z]+\})"), "").size() > 0;
  auto named = m.size() > 1 && m[1].matched ? EntityId::from_value(json(m[1].str())) : std::nullopt;
  const Entity* other = named ? setup.store.find_by_id(r.entity->type, *named) : nullptr;
  if (!literal && (!other || other == r.entity)) return {};
  return "moodle id " + std::to_string(r.decision.moodle_id) + " is the object of idnumber \"" + theirs + "\", not \"" + r.idnumber +
         "\": another entity's (a copied field_moodle_id?); it is not taken over. Empty field_moodle_id to create a new one, "
         "or clear that idnumber in Moodle to link this entity to it";
}

// Plans every unfinished entity of a component with one Moodle object per entity once. Returns
// false when the component is done: nothing left, or only entities waiting for something that will not come.
bool Engine::State::plan_objects(const Component& c) {
  const std::string component = c.name();
  const ObjectHooks& hooks = *c.objects();
  std::vector<Run*> pending;
  for (Run* r : runs_of(component)) {
    if (!r->finished()) pending.push_back(r);
  }
  if (pending.empty()) return false;
  if (!hooks.before_pass(*this, pending)) return true;
  const Config& config = setup.config;
  const Mapping& mapping = config.mappings.at(component);
  MoodleTable& table = tables[c.moodle_table()];
  bool progress = false;
  std::vector<Run*> create_runs, update_runs, dry_creates, held;
  std::vector<json> create_items, update_items;
  // A dry run's writes are measured as they are planned and counted once the pass is planned.
  std::optional<PlannedBatches> planned_creates, planned_updates;

  for (Run* r : pending) {
    if (!fatal.is_null()) {
      fail(*r, fatal);
      continue;
    }
    if (hooks.excluded(*this, *r)) {
      progress = true;
      continue;
    }
    MappedEntity m = map_entity(*r->entity, mapping, component, setup.store);
    hooks.add_derived_fields(config, *r->entity, setup.store, m.fields, m.issues);
    long long template_id = hooks.copy_source(*this, *r, m.issues);
    if (!m.ok()) {
      bool waiting = std::all_of(m.issues.begin(), m.issues.end(), [](const EntityIssue& i) { return i.pending; });
      bool caused = std::all_of(m.issues.begin(), m.issues.end(), [](const EntityIssue& i) { return i.pending || !i.cause.empty(); });
      auto cause = std::find_if(m.issues.begin(), m.issues.end(), [](const EntityIssue& i) { return !i.cause.empty(); });
      if (!waiting && caused) {
        skip(*r, cause->cause);
        progress = true;
      } else if (!waiting) {
        fail(*r, issues_error(m.issues));
        progress = true;
      } else {
        r->waiting = true;
        r->error = issues_error(m.issues);
      }
      continue;
    }
    r->waiting = false;
    r->error = json();
    json item = std::move(m.fields);  // m.fields is not read again
    item["idnumber"] = r->idnumber;
    if (!m.customfields.empty()) item["customfields"] = m.customfields;
    hooks.complete_item(*this, *r, item);
    progress = true;
    if (std::string unknown = hooks.unknown_custom_field(*this, item); !unknown.empty()) {
      // Moodle would silently drop the value, and every later run would send it again.
      fail(*r, {{"class", "data"}, {"field", "customfields." + unknown},
                {"message", r->entity->label() + ": Moodle has no course custom field \"" + unknown + "\""}});
      continue;
    }

    const json* record = nullptr;
    if (r->decision.action == MoodleIdAction::update) {
      record = table.by_id(r->decision.moodle_id);
      r->moodle_id = r->decision.moodle_id;
      if (!record) {
        r->note = "moodle id " + std::to_string(r->decision.moodle_id) + " finds nothing in Moodle: nothing was sent";
        finish(*r, Outcome::stale);
        continue;
      }
      if (std::string foreign = foreign_idnumber(*r, *record); !foreign.empty()) {
        fail(*r, {{"class", "data"}, {"field", "field_moodle_id"}, {"message", foreign}});
        continue;
      }
    } else {
      json conflict;
      record = find_existing(c, *r, item, conflict, template_id != 0);
      if (!conflict.is_null()) {
        fail(*r, conflict);
        continue;
      }
    }

    if (!record) {  // create
      if (writes && hold_unsettled_create(*r)) {
        held.push_back(r);
        continue;
      }
      r->changes = diff_fields(component, item, json::object());
      hold_created_changes(*this, *r);
      if (!writes) {
        dry_creates.push_back(r);
        r->planned = Intent::create;
        r->template_id = template_id;
        finish(*r, guard.writes_allowed ? Outcome::created : Outcome::blocked);
      }  // and on: a dry run counts the calls a sync would make (planned_calls), sending none
      if (template_id) {
        if (writes) queue_duplicate(*r, template_id, item);
        else count_planned_duplicate(*this, *r);
        continue;
      }
      if (!writes) {
        if (!planned_creates) planned_creates.emplace(*this, create_spec(component));
        planned_creates->add(r, hooks.create_item(*this, *r, std::move(item)));
        continue;
      }
      create_runs.push_back(r);
      create_items.push_back(hooks.create_item(*this, *r, std::move(item)));
      continue;
    }

    bool adopting = r->decision.action != MoodleIdAction::update;
    long long id = record->at("id").get<long long>();
    // An id the journal kept from an earlier run that stopped before its write-back: that run created it.
    auto journal = journal_ids.find({r->entity->type, r->entity->uuid});
    const Outcome taken_over = journal != journal_ids.end() && journal->second == id ? Outcome::recovered : Outcome::adopted;
    r->changes = diff_fields(component, item, *record);
    hold_changes(*this, *r);  // planned as a create in an earlier pass, found since
    if (!writes) {
      if (adopting) set_moodle_id(*r, id);
      r->planned = adopting ? Intent::adopt : (r->changes.empty() ? Intent::none : Intent::update);
      if (!adopting && r->changes.empty()) finish(*r, Outcome::unchanged);
      else finish(*r, !guard.writes_allowed ? Outcome::blocked : adopting ? taken_over : Outcome::updated);
      if (!r->changes.empty()) {  // counted (planned_calls), not sent
        if (!planned_updates) planned_updates.emplace(*this, update_spec(component));
        planned_updates->add(r, hooks.update_item(id, item, r->changes));
      }
      continue;
    }
    if (adopting) {
      set_moodle_id(*r, id);
      r->outcome = taken_over;  // set now: the update below keeps it; the write-back may still fail it
      queue_record_and_write_back({r}, false);
    }
    if (r->changes.empty()) {
      if (!adopting) finish(*r, Outcome::unchanged);
      continue;
    }
    update_runs.push_back(r);
    update_items.push_back(hooks.update_item(id, item, r->changes));
  }

  // A dry run's creations get their placeholder ids once the pass is planned, as a sync's get theirs
  // from the create's answer: what refers to one (a child category) waits for the next pass in both.
  for (Run* r : dry_creates) {
    placeholder_labels[next_placeholder] = r->entity->label();
    set_moodle_id(*r, next_placeholder++);
  }
  if (!held.empty()) reread_after_wait(component, held);
  if (planned_creates) planned_creates->count();
  if (planned_updates) planned_updates->count();
  if (!create_runs.empty()) queue_batches(create_spec(component), std::move(create_runs), std::move(create_items));
  if (!update_runs.empty()) queue_batches(update_spec(component), std::move(update_runs), std::move(update_items));
  if (progress || !queue.empty()) return true;
  // Only waiting entities remain and nothing changed: what they wait for will not come.
  for (Run* r : pending) {
    if (!r->finished()) {
      json error = r->error.is_null() ? json{{"message", "waits for an entity that was not synced"}} : r->error;
      error["message"] = error.value("message", std::string()) + " (it was not synced in this run)";
      fail(*r, error);
    }
  }
  return false;
}

// An existing Moodle object for an entity without a moodle id: recorded in the journal, found by
// idnumber, or found by the component's own rules (a lost course copy, a matched account).
const json* Engine::State::find_existing(const Component& c, Run& r, const json& item, json& conflict, bool copy) {
  MoodleTable& table = tables[c.moodle_table()];
  auto j = journal_ids.find({r.entity->type, r.entity->uuid});
  if (j != journal_ids.end() && table.by_id(j->second)) {
    r.note = "moodle id recovered from the journal";
    return table.by_id(j->second);
  }
  if (const json* found = table.by_idnumber(r.idnumber)) {
    r.note = "found in Moodle by its idnumber: adopted instead of creating a duplicate";
    return found;
  }
  return c.objects()->find_other(*this, r, item, conflict, copy);
}

}  // namespace moodle_sync
