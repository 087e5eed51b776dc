#pragma once
// A create's changes held as its fields' new values. Every change of a create is {old: null, new}
// ({old: "", new} for a custom field: Moodle reads an unset one as ""), so a run holds {field: new}
// and the report and the plan write the {old, new} tree out when they write the entity: a site's
// creates no longer each hold a second tree of their fields while the run plans.
#include "engine/engine_state.hpp"

namespace moodle_sync {

// Makes `changes` (diff_fields against no record) {field: new} and returns true, unless one of its
// old values is not the one created_changes writes back: then it is left whole (false).
bool compact_created(json& changes);

// The {field: {old, new}} tree of changes made compact by compact_created.
json created_changes(const json& compact);

// r.changes, just diffed against no record, held compact when it can be; the run is noted in `s`.
void hold_created_changes(Engine::State& s, Run& r);
// r.changes, just diffed against a record: held whole (a run planned as a create may be found later).
void hold_changes(Engine::State& s, const Run& r);
// Whether r.changes is a create's, held compact.
bool holds_created_changes(const Engine::State& s, const Run& r);
// r.changes as the report writes it: {field: {old, new}}.
json written_changes(const Engine::State& s, const Run& r);

}  // namespace moodle_sync
