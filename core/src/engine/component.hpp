#pragma once
// What the core knows about one component (categories, courses, users, ...), behind one interface.
// Generic code (configuration, mapping, planning, batches, removals) asks the component instead of
// comparing names; every method is pure virtual, so a new component that forgets one does not
// compile. The components and their order are listed once, in components/registry.cpp.
#include <optional>
#include <string>
#include <vector>

#include "config/config_schema.hpp"
#include "moodle_sync/engine.hpp"
#include "engine/engine_batch.hpp"
#include "moodle/moodle_index.hpp"
#include "moodle_sync/config.hpp"
#include "moodle_sync/entity.hpp"
#include "moodle_sync/issues.hpp"
#include "moodle_sync/moodle_fields.hpp"

namespace moodle_sync {

struct Run;

// One Moodle read a component needs.
struct ComponentRead {
  std::string wsfunction;
  json params = json::object();  // as sent; reads by value lists send {field, values} in chunks
  std::string what;              // "Moodle's courses": names the read in progress and in errors
  std::string table;             // the table it loads
  bool (*load)(MoodleTable&, const json&) = nullptr;  // false: the answer is not the list Moodle gives
  json empty_answer;             // what a Moodle without any object answers (for previews)
  bool whole_table = true;       // read once in the observe phase; otherwise by value lists, on demand
  // The params reading only the objects of these ids, when Moodle can look them up by id lists:
  // the observe phase then reads whichever form costs fewer bytes (engine/read_forms.hpp).
  json (*by_ids)(const json& ids) = nullptr;
  // For an answer that is an object, the member holding the listed items ({"users": [...]}): they
  // are then loaded item by item, each chunk given to `load` as {items_in: [...]}.
  const char* items_in = nullptr;
};

// The batched calls of a component's objects; a component without objects has none.
struct ComponentBatches {
  std::optional<BatchSpec> create, update, remove;
};

// How the objects of deleted entities are found and moved away (the `deleted` policy).
struct RemovalPlan {
  std::optional<ComponentRead> listing;  // a read listing the candidates, when the table cannot
  std::string listing_table;              // the table the candidates are in
  std::string placement_field;            // the field a trash move changes ("parent", "categoryid")
};

// The per-entity steps of a component whose entities each stand for one Moodle object named by
// field_moodle_id (categories, templates, courses, users, cohorts): the generic planner
// (Engine::State::plan_objects) maps each entity, then asks these.
class ObjectHooks {
 public:
  virtual ~ObjectHooks() = default;
  // Runs before a pass; false: the pass waits for what this queued (the users' reads).
  virtual bool before_pass(Engine::State& s, const std::vector<Run*>& pending) const = 0;
  // Finishes an entity that is not synced for a reason of its own (an excluded user role).
  virtual bool excluded(Engine::State& s, Run& r) const = 0;
  // Values the sync derives itself beyond the mapping (parent, categoryid, template shortname).
  virtual void add_derived_fields(const Config& config, const Entity& entity, const EntityStore& store, json& fields,
                                  std::vector<EntityIssue>& issues) const = 0;
  // The Moodle object a new one is copied from (a course's template); 0 for none.
  virtual long long copy_source(Engine::State& s, Run& r, std::vector<EntityIssue>& issues) const = 0;
  // Fields every item carries beyond its mapping.
  virtual void complete_item(Engine::State& s, Run& r, json& item) const = 0;
  // A custom field the site does not define: Moodle would silently drop its value.
  virtual std::string unknown_custom_field(Engine::State& s, const json& item) const = 0;
  // An existing object found by the component's own rules once the journal and the idnumber found
  // none (a lost copy, a matched account); `conflict` set when an object stands in the way.
  virtual const json* find_other(Engine::State& s, Run& r, const json& item, json& conflict, bool copy) const = 0;
  virtual json create_item(Engine::State& s, Run& r, json item) const = 0;
  virtual json update_item(long long id, const json& item, const json& changes) const = 0;
  // Reads the table again after a create failed in transit.
  virtual void reread(Engine::State& s) const = 0;
};

class Component {
 public:
  virtual ~Component() = default;
  virtual std::string name() const = 0;

  // --- Drupal and Moodle sides
  // The Drupal entity type whose entities the engine plans one by one ("node--course"); empty: none.
  virtual std::string entity_type(const Config& config) const = 0;
  // The Moodle table its objects live in (entities claiming one id or idnumber there conflict).
  virtual std::string moodle_table() const = 0;
  // The reads of the observe phase and those made on demand.
  virtual std::vector<ComponentRead> reads(const Config& config) const = 0;

  // --- Configuration
  // Its keys under components.<name>; nullptr when it has no section (configured under another).
  virtual const std::vector<config_schema::Key>* config_keys() const = 0;
  // Rules between its keys that the schema cannot say.
  virtual void check_config(const json& section, const std::string& at, std::vector<ConfigIssue>& issues) const = 0;
  // The fields a mapping may target, those the sync sets itself, and the mapping by default.
  virtual const std::vector<MoodleField>& moodle_fields() const = 0;
  virtual bool is_reserved_field(const std::string& field) const = 0;
  virtual json default_mapping() const = 0;
  // A required field that needs no mapping because the component derives it.
  virtual bool derives(const std::string& field) const = 0;
  // The key naming a custom field in its items ("shortname"; users: "type").
  virtual const char* customfield_key() const = 0;
  // Fields Moodle's read does not return: set on create, never compared.
  virtual bool unreadable(const std::string& field) const = 0;
  // "course" in "course-{id}": the example of an idnumber pattern in messages.
  virtual std::string object_noun() const = 0;

  // --- Web services
  virtual std::vector<std::string> required_functions(const Config& config) const = 0;

  // --- Planning and applying
  // Prepares the run before any read (profiles reachable from users, the enrolment journal).
  virtual void start(Engine::State& s) const = 0;
  virtual ComponentBatches batches() const = 0;
  // The removal of objects whose entity was deleted in Drupal; nullopt: the component removes none.
  virtual std::optional<RemovalPlan> removal(const Config& config) const = 0;
  // Plans one pass; false when the component is done. Object components call s.plan_objects.
  virtual bool plan_pass(Engine::State& s) const = 0;
  // The object steps of plan_objects; nullptr for components without one object per entity.
  virtual const ObjectHooks* objects() const = 0;
};

}  // namespace moodle_sync
