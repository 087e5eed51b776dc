// Enrolments: registrations (user, course, role, state, dates) and user references on courses ->
// manual enrolments. A registration is the claim on its (user, course) pair: whether moodle-sync
// made the enrolment or found it in Moodle, the pair follows its registrations, and a canceled one
// suspends or removes it per the `removal` policy. An enrolment no registration claims (made by
// hand) is never touched; beside one with a role of its own, only the registration's role is added
// or taken back. The state store's records (claims.hpp) only spare reads and carry what Drupal and
// Moodle cannot tell: the values last sent, claims whose registration is gone, and intents
// written before each call.
#include <set>

#include "components/enrolments/enrolments_state.hpp"
#include "moodle_sync/component_entities.hpp"
#include "moodle_sync/moodle_id.hpp"
#include "moodle_sync/transforms.hpp"

namespace moodle_sync {

void Engine::State::load_enrolment_journal() { enrolments_state(*this).claims.load(setup.journal); }

// The moodle id behind a field of an entity (a reference, or with `id_type` an attribute holding an
// entity id); 0 with a reason when there is none.
long long Engine::State::referenced_id(const Entity& e, const std::string& path, std::string& why, bool* ignored,
                                       const std::string& id_type, std::string* cause) {
  FieldTarget found_target = setup.store.target_of(e, path, id_type);
  const Entity* target = found_target.entity;
  if (!target) {
    why = found_target.problem;
    return 0;
  }
  // When the referenced entity was synced in this run, its own outcome says whether its id is good.
  const EnrolmentsState& es = enrolments_state(*this);
  if (auto found = es.entity_runs.find(target); found != es.entity_runs.end()) {
    const Run& other = *found->second;
    if (other.outcome == Outcome::ignored) {
      why = target->label() + " is ignored (" + (other.note.empty() ? std::string("ignore rule") : other.note) + ")";
      if (ignored) *ignored = true;
      return 0;
    }
  }
  if (!target->unusable.empty()) {  // stale or failed in this run: what depends on it is skipped
    why = target->unusable;
    if (cause) *cause = target->unusable;
    return 0;
  }
  auto mid = target->attributes.find("field_moodle_id");
  MoodleIdDecision d = decide_moodle_id(mid == target->attributes.end() ? json() : *mid);
  if (d.action == MoodleIdAction::update) return d.moodle_id;
  if (d.action == MoodleIdAction::ignore && ignored) *ignored = true;
  why = d.action == MoodleIdAction::create ? target->label() + " has no moodle id (it was not synced)"
                                           : target->label() + " is ignored (" + d.reason + ")";
  return 0;
}

long long Engine::State::date_of(const Entity& e, const std::string& path) {
  if (path.empty()) return 0;
  PathValue v = setup.store.resolve(e, path);
  if (!v.found) return 0;
  const json& value = v.value.is_array() ? (v.value.empty() ? json() : v.value[0]) : v.value;
  if (value.is_number_integer()) return value.get<long long>();
  if (value.is_string()) return parse_iso8601(value.get<std::string>()).value_or(0);
  return 0;
}

bool Engine::State::plan_enrolments() {
  EnrolmentsState& es = enrolments_state(*this);
  // After a failed read nothing is known for sure about what Moodle holds: decide nothing.
  if (!setup.config.enabled("enrolments") || es.step >= 2 || !fatal.is_null()) return false;
  if (es.step++ == 0) collect_enrolment_wishes();
  else decide_enrolments();
  return true;
}

// Step 1: what Drupal wants, and a read of the courses where the records do not tell what Moodle
// holds. Step 2 (decisions.cpp) compares.
void Engine::State::collect_enrolment_wishes() {
  EnrolmentsState& es = enrolments_state(*this);
  const json& settings = setup.config.component("enrolments");
  for (const auto& r : runs) {
    if (r.component == "users" || r.component == "courses") es.entity_runs[r.entity] = &r;
  }
  std::vector<EnrolmentWish> candidates;
  auto unresolved = [this, &es](Run* r, json error) {
    es.sources_unresolved.insert({r->entity->type, r->entity->uuid});
    fail(*r, std::move(error));
  };
  if (settings.contains("registration")) {
    const json& reg = settings["registration"];
    std::string type = reg.value("type", "");
    if (setup.store.has_type(type)) es.source_types.insert(type);
    std::set<std::string> inactive;
    for (const auto& s : reg.value("inactive_states", json::array())) inactive.insert(s.get<std::string>());
    // The settings, read once for all registrations.
    const std::string user_field = reg.value("user_field", ""), course_field = reg.value("course_field", "");
    const std::string course_type = entity_type_of(setup.config, "courses");
    const long long default_role = reg.value("default_role", 5LL);
    const bool has_role_field = reg.contains("role_field"), has_state_field = reg.contains("state_field");
    const std::string role_field = has_role_field ? reg["role_field"].get<std::string>() : std::string();
    const std::string state_field = has_state_field ? reg["state_field"].get<std::string>() : std::string();
    const std::string start_field = reg.value("start_field", ""), end_field = reg.value("end_field", "");
    for (Run* r : runs_of("enrolments")) {
      if (r->finished()) {  // ignored by the ignore rule, or unreadable: left as it is, never removed
        es.sources_unresolved.insert({r->entity->type, r->entity->uuid});
        continue;
      }
      std::string why, cause;
      bool ignored = false;
      EnrolmentWish w;
      w.run = r;
      w.user = referenced_id(*r->entity, user_field, why, &ignored, "", &cause);
      if (w.user) w.course = referenced_id(*r->entity, course_field, why, &ignored, course_type, &cause);
      if (ignored) {  // the user or the course is kept out of the sync: so is its enrolment
        es.sources_unresolved.insert({r->entity->type, r->entity->uuid});
        r->note = why;
        finish(*r, Outcome::ignored);
        continue;
      }
      if (!cause.empty()) {  // the user or the course could not be synced: reported there, once
        es.sources_unresolved.insert({r->entity->type, r->entity->uuid});
        skip(*r, cause);
        continue;
      }
      if (w.user && w.course) {
        w.role = default_role;
        if (has_role_field) {
          PathValue rv = setup.store.resolve(*r->entity, role_field);
          if (rv.found && !rv.value.is_null() && !(rv.value.is_array() && rv.value.empty())) {
            std::string role_why;
            w.role = referenced_id(*r->entity, role_field, role_why);
            if (!w.role) why = "role: " + role_why;
          }
        }
      }
      if (!w.user || !w.course || !w.role) {
        // A pair with a source that cannot be read is left exactly as it is: that source may be
        // the active one, so the others alone must not suspend or take away anything.
        if (w.user && w.course) es.pairs_held.emplace(std::make_pair(w.user, w.course), r->entity->label() + " failed (" + why + ")");
        unresolved(r, {{"class", "data"}, {"field", !w.user ? "user" : !w.course ? "course" : "role"}, {"message", r->entity->label() + ": " + why}});
        continue;
      }
      if (has_state_field) {
        PathValue st = setup.store.resolve(*r->entity, state_field);
        if (st.found && st.value.is_string() && inactive.count(st.value.get_ref<const std::string&>())) w.suspend = 1;
      }
      w.timestart = date_of(*r->entity, start_field);
      w.timeend = date_of(*r->entity, end_field);
      candidates.push_back(w);
    }
  }
  if (settings.contains("course_users")) {
    const json& cu = settings["course_users"];
    std::string field = cu.value("field", std::string());
    for (Run* c : runs_of("courses")) {
      es.source_types.insert(c->entity->type);
      bool course_ok = c->moodle_id && c->outcome != Outcome::failed && c->outcome != Outcome::ignored && c->outcome != Outcome::stale;
      PathValue refs = setup.store.resolve(*c->entity, field);
      if (!course_ok || !refs.found) {
        es.sources_unresolved.insert({c->entity->type, c->entity->uuid});
        continue;
      }
      json list = refs.value.is_null() ? json::array() : refs.value.is_array() ? refs.value : json::array({refs.value});
      for (std::size_t i = 0; i < list.size(); ++i) {
        // One run per referenced user, so that one unresolvable user does not hold back the others.
        Run run;
        run.component = "enrolments";
        run.entity = c->entity;
        run.idnumber = c->idnumber;
        run.moodle_id = c->moodle_id;
        runs.push_back(std::move(run));
        Run* r = &runs.back();
        std::string why, cause;
        long long user = referenced_id(*c->entity, refs.value.is_array() ? field + "." + std::to_string(i) : field, why, nullptr, "", &cause);
        r->note = field + "[" + std::to_string(i) + "] with role " + std::to_string(cu.value("role", 0LL));
        if (!cause.empty()) {
          es.sources_unresolved.insert({c->entity->type, c->entity->uuid});
          skip(*r, cause);
          continue;
        }
        if (!user) {
          unresolved(r, {{"class", "data"}, {"field", field}, {"message", c->entity->label() + ": " + why}});
          continue;
        }
        EnrolmentWish w;
        w.run = r;
        w.user = user;
        w.course = c->moodle_id;
        w.role = cu.value("role", 0LL);
        candidates.push_back(w);
      }
    }
  }
  merge_enrolment_wishes(candidates);
  // Courses created in this run hold no enrolment yet. The others are read where the records do
  // not tell: a wish without a confirmed record, or a claim whose state is unknown.
  std::set<long long> fresh_courses, to_read;
  for (const auto& r : runs) {
    if ((r.component == "courses" || r.component == "templates") && r.outcome == Outcome::created) fresh_courses.insert(r.moodle_id);
  }
  auto readable = [&](long long course) { return !fresh_courses.count(course) && course < next_placeholder_start; };
  for (const auto& [key, w] : es.wishes) {
    bool recorded = es.claims.known.count(key) || (w.suspend && es.claims.removed.count(key));
    if (!recorded && readable(w.course)) to_read.insert(w.course);
  }
  for (const auto& [key, r] : es.claims.unknown) {
    long long course = r->value("courseid", 0LL);
    if (!es.wishes.count(key) && readable(course)) to_read.insert(course);
  }
  for (long long course : to_read) read_enrolments_of(course);
}

// Who is enrolled in a course with which roles, and who of them is active: enough to tell whether
// a pair is enrolled, in which state, and whether someone else has a stake in it. (Reads go to the
// front of the queue: the later pushed runs first. The two answers are joined when deciding.)
void Engine::State::read_enrolments_of(long long course) {
  auto each_user = [](const json& users, const std::function<void(long long, const json&)>& each) {
    if (!users.is_array()) return;
    for (const auto& u : users) {
      if (u.is_object() && u.contains("id") && u["id"].is_number_integer()) each(u["id"].get<long long>(), u);
    }
  };
  push_read("core_enrol_get_enrolled_users",
            {{"courseid", course}, {"options", json::array({{{"name", "onlyactive"}, {"value", 1}}, {{"name", "userfields"}, {"value", "id"}}})}},
            "the active enrolments of course " + std::to_string(course), [&es = enrolments_state(*this), course, each_user](const json& users) {
              each_user(users, [&](long long user, const json&) { es.pairs_active.insert({user, course}); });
            });
  push_read("core_enrol_get_enrolled_users", {{"courseid", course}, {"options", json::array({{{"name", "userfields"}, {"value", "id,roles"}}})}},
            "the enrolments of course " + std::to_string(course), [&es = enrolments_state(*this), course, each_user](const json& users) {
              es.courses_read.insert(course);
              each_user(users, [&](long long user, const json& u) {
                MoodlePair& pair = es.moodle_pairs[{user, course}];
                auto roles = u.find("roles");  // looked at where it is: a copy of every user's roles cost more than the rest
                if (roles == u.end()) return;
                for (const auto& role : *roles) {
                  if (role.is_object() && role.contains("roleid") && role["roleid"].is_number_integer()) pair.roles.insert(role["roleid"].get<long long>());
                }
              });
            });
}

}  // namespace moodle_sync
