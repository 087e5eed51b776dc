#pragma once
// Small builders the components share to declare their reads and batched calls.
#include <string>
#include <vector>

#include "engine/component.hpp"
#include "moodle/entity_diff.hpp"

namespace moodle_sync {

inline BatchSpec batch_spec(std::string fn, std::string key, std::string component, BatchSpec::Answer answer,
                            bool all_or_nothing, Outcome outcome, std::vector<std::string> echo_keys = {}) {
  BatchSpec s;
  s.wsfunction = std::move(fn);
  s.list_key = std::move(key);
  s.component = std::move(component);
  s.answer = answer;
  s.all_or_nothing = all_or_nothing;
  s.success_outcome = outcome;
  s.echo_keys = std::move(echo_keys);
  return s;
}

// A read of a whole Moodle table in the observe phase; an empty Moodle answers an empty list.
inline ComponentRead table_read(std::string fn, std::string what, std::string table, bool (*load)(MoodleTable&, const json&)) {
  ComponentRead r;
  r.wsfunction = std::move(fn);
  r.what = std::move(what);
  r.table = std::move(table);
  r.load = load;
  r.empty_answer = json::array();
  return r;
}

}  // namespace moodle_sync
