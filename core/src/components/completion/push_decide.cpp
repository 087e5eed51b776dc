#include "components/completion/push_decide.hpp"

#include <map>
#include <regex>

#include "moodle_sync/component_entities.hpp"

namespace moodle_sync {
namespace {

const Entity* entity_of_key(const EntityStore& store, const std::string& type, const std::string& pattern, const std::string& key,
                            bool idnumber_only) {
  if (type.empty() || key.empty() || key.size() > 200) return nullptr;
  std::string id = key;
  std::smatch m;
  if (!pattern.empty() && std::regex_match(key, m, idnumber_regex(pattern, type)) && m.size() > 1) id = m[1].str();
  else if (idnumber_only) return nullptr;
  if (id.empty() || id.size() > 18 || id.find_first_not_of("0123456789") != std::string::npos) return nullptr;
  return store.find_by_id(type, EntityId::of_number(std::stoll(id)));
}

// What a registration is to get, and from which part of the payload.
struct Wanted {
  CompletionFacts facts;
  std::optional<long long> pushed_date;  // the date as sent, for the stale guard
  std::string course_key, user_key;
};

}  // namespace

PushKeys PushKeys::from_config(const Config& config) {
  PushKeys k;
  k.course_type = entity_type_of(config, "courses");
  k.course_pattern = config.component("courses").value("idnumber_pattern", "{id}");
  k.user_type = entity_type_of(config, "users");
  k.user_pattern = config.component("users").value("idnumber_pattern", "{id}");
  return k;
}

const Entity* PushKeys::course(const EntityStore& store, const std::string& key, bool idnumber_only) const {
  return entity_of_key(store, course_type, course_pattern, key, idnumber_only);
}

const Entity* PushKeys::user(const EntityStore& store, const std::string& key, bool idnumber_only) const {
  return entity_of_key(store, user_type, user_pattern, key, idnumber_only);
}

PushDecisions decide_push(const std::vector<PushedCourse>& courses, const EntityStore& store, const CompletionFields& fields,
                          const PushKeys& keys) {
  PushDecisions out;
  PairRegistrations pairs(store, fields);
  std::vector<const Entity*> order;  // registrations, first seen first
  std::map<const Entity*, Wanted> wanted;
  auto want = [&](const Entity* r, Wanted w) {
    if (!wanted.count(r)) order.push_back(r);
    wanted[r] = std::move(w);
  };
  for (const auto& c : courses) {
    const Entity* course = keys.course(store, c.key);
    if (!course) {
      ++out.unknown_courses;
      out.notes.push_back("course \"" + c.key + "\": no " + keys.course_type + " has this id or idnumber; nothing created");
      continue;
    }
    if (c.total) {
      PushDecision d;
      d.entity = course;
      d.course_total = true;
      d.course_key = c.key;
      if (auto change = course_total_change(store, *course, fields, *c.total)) d.changes.push_back(*change);
      if (!fields.course_total_field.empty()) out.entities.push_back(std::move(d));
      // As the original: `total` resets every registration of the course before its users' facts.
      for (const Entity* r : pairs.of_course(*course)) want(r, {reset_facts(), std::nullopt, c.key, ""});
    }
    for (const auto& u : c.users) {
      const Entity* user = keys.user(store, u.key);
      if (!user) {
        ++out.unknown_users;
        out.notes.push_back("user \"" + u.key + "\" in course \"" + c.key + "\": no " + keys.user_type +
                            " has this id or idnumber; nothing created");
        continue;
      }
      const auto& regs = pairs.of(*user, *course);
      if (regs.empty()) {
        out.notes.push_back("user \"" + u.key + "\" in course \"" + c.key + "\": no " + fields.registration_type + " of this pair");
        continue;
      }
      CompletionFacts facts{u.completed, u.completed ? u.date : std::nullopt, u.activities};
      for (const Entity* r : regs) want(r, {facts, u.date, c.key, u.key});
    }
  }
  for (const Entity* r : order) {
    const Wanted& w = wanted[r];
    PushDecision d;
    d.entity = r;
    d.course_key = w.course_key;
    d.user_key = w.user_key;
    CompletionFacts dated = w.facts;
    dated.completed_date = w.pushed_date;
    if (is_stale(store, *r, fields, dated)) {
      ++out.stale;
      d.skipped = "stale: the pushed completion date " + completion_date_text(*w.pushed_date) + " is older than " +
                  fields.completed_date + " recorded in Drupal";
    } else {
      d.changes = completion_changes(store, *r, fields, w.facts);
    }
    out.entities.push_back(std::move(d));
  }
  return out;
}

json push_answer(const PushDecisions& d, std::size_t rejected, int nodes, int registrations, int failed) {
  json body = {{"status", 1},
               {"message", "Updated " + std::to_string(nodes) + " nodes and " + std::to_string(registrations) + " registrations"},
               {"unknown", {{"courses", d.unknown_courses}, {"users", d.unknown_users}}},
               {"rejected", rejected},
               {"stale", d.stale}};
  if (failed > 0) body["failed"] = failed;
  return {{"status", failed > 0 ? 500 : 200}, {"body", body}};
}

json invalid_push_answer(const std::string& problem) {
  return {{"status", 400}, {"body", {{"message", "Invalid input."}, {"problem", problem}}}};
}

}  // namespace moodle_sync
