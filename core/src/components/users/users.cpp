// Users: Drupal users (and their profile entities) -> Moodle accounts. Moodle has no listing by
// idnumber, so the accounts are read by value lists (idnumber, id, username, email) once the
// mapped values are known; a username or email taken by an account moodle-sync does not manage is
// an error naming it, never a second account.
#include <algorithm>

#include "engine/engine_state.hpp"
#include "moodle_sync/mapping.hpp"
#include "moodle_sync/transforms.hpp"

namespace moodle_sync {
namespace {

std::string describe_account(const json& u) {
  std::string idnumber = u.value("idnumber", "");
  return "Moodle user " + std::to_string(u["id"].get<long long>()) + " (" + u.value("username", std::string("?")) +
         (idnumber.empty() ? ", no idnumber" : ", idnumber \"" + idnumber + "\"") + ")";
}

}  // namespace

void Engine::State::prefetch_users(const std::vector<Run*>& pending) {
  users_prefetched = true;
  const Mapping& mapping = setup.config.mappings.at("users");
  std::set<std::string> idnumbers, usernames, emails;
  std::set<long long> ids;
  for (Run* r : pending) {
    if (r->decision.action == MoodleIdAction::update) {  // known accounts are read by id, nothing else
      ids.insert(r->decision.moodle_id);
      continue;
    }
    // Accounts to create are looked for first: by the journal, the idnumber, the username, the email.
    idnumbers.insert(r->idnumber);
    auto j = journal_ids.find({r->entity->type, r->entity->uuid});
    if (j != journal_ids.end()) ids.insert(j->second);
    MappedEntity m = map_entity(*r->entity, mapping, "users", setup.store);
    if (m.fields.contains("username")) usernames.insert(m.fields["username"].get<std::string>());
    if (m.fields.contains("email")) emails.insert(m.fields["email"].get<std::string>());
  }
  user_lookup = {{"idnumber", json(idnumbers)}, {"id", json(ids)}, {"username", json(usernames)}, {"email", json(emails)}};
  queue_user_reads();
}

void Engine::State::queue_user_reads() {
  tables["user"].clear();
  for (const auto& [field, values] : user_lookup.items()) {
    if (values.empty()) continue;
    queue_value_reads("core_user_get_users_by_field", field, values.get<std::vector<json>>(), "Moodle's users by " + field,
                      [this](const json& v) {
                        if (!load_users(tables["user"], v)) shape_error("core_user_get_users_by_field");
                      });
  }
}

// A role's machine name: the reference's meta (drupal_internal__target_id), or the role document's
// own id when the export holds it; empty when neither says.
std::string Engine::State::role_name(const json& ref) const {
  if (!ref.is_object()) return {};
  if (ref.contains("meta") && ref["meta"].is_object() && ref["meta"].contains("drupal_internal__target_id")) {
    const json& target = ref["meta"]["drupal_internal__target_id"];
    if (target.is_string()) return target.get<std::string>();
    if (target.is_number_integer()) return to_text(target);
  }
  const Entity* role = is_reference(ref) ? setup.store.find(ref["type"].get<std::string>(), ref["id"].get<std::string>()) : nullptr;
  return role ? role->id.text() : std::string();
}

bool Engine::State::excluded_user(Run& r) {
  const json& excluded = setup.config.component("users").value("excluded_roles", json::array());
  if (excluded.empty()) return false;
  auto roles = r.entity->relationships.find("roles");
  if (roles == r.entity->relationships.end() || !roles->contains("data") || !(*roles)["data"].is_array()) return false;
  const json& refs = (*roles)["data"];
  std::size_t unnamed = refs.size();
  for (std::size_t i = 0; i < refs.size(); ++i) {
    std::string role = role_name(refs[i]);
    if (role.empty() && unnamed == refs.size()) unnamed = i;
    if (role.empty() || std::find(excluded.begin(), excluded.end(), role) == excluded.end()) continue;
    r.note = "has the Drupal role \"" + role + "\", which is excluded from the sync";
    finish(r, "ignored");
    return true;
  }
  if (unnamed == refs.size()) return false;
  // A role that cannot be named might be an excluded one: syncing the account could expose it.
  const json& ref = refs[unnamed];
  std::string what = is_reference(ref) ? ref["type"].get<std::string>() + " " + ref["id"].get<std::string>() : to_text(ref);
  fail(r, {{"class", "data"}, {"field", "roles"},
           {"message", r.entity->label() + ": roles[" + std::to_string(unnamed) + "] is " + what +
                           ", whose machine name the export does not give (no meta.drupal_internal__target_id, no role document): "
                           "it cannot be checked against excluded_roles"}});
  return true;
}

void Engine::State::complete_user_item(Run& r, json& item) {
  const json& users = setup.config.component("users");
  // Drupal's status is true for active users: mirror it as Moodle's suspension, unless told not to.
  auto status = r.entity->attributes.find("status");
  if (users.value("blocked", "suspend") == "suspend" && status != r.entity->attributes.end() && status->is_boolean()) {
    item["suspended"] = status->get<bool>() ? 0 : 1;
  }
}

const json* Engine::State::find_user(Run& r, const json& item, json& conflict) {
  MoodleTable& table = tables["user"];
  std::string match = setup.config.component("users").value("match_existing", "none");
  const json* by_username = item.contains("username") ? table.by("username", item["username"].get<std::string>()) : nullptr;
  const json* by_email = item.contains("email") ? table.by("email", item["email"].get<std::string>()) : nullptr;
  // Only an account no other entity owns may be matched: one without an idnumber (or with ours)
  // whose id is not another user's moodle id.
  auto free = [&](const json* account) {
    if (!account) return false;
    std::string idnumber = account->value("idnumber", "");
    long long id = account->at("id").get<long long>();
    bool claimed = std::any_of(runs.begin(), runs.end(), [&](const Run& o) {
      return o.component == "users" && &o != &r && (o.moodle_id == id || o.decision.moodle_id == id);
    });
    return (idnumber.empty() || idnumber == r.idnumber) && !claimed;
  };
  if (match == "username" && free(by_username)) {
    r.note = "matched the existing account " + describe_account(*by_username) + " by username";
    return by_username;
  }
  if (match == "email" && free(by_email)) {
    r.note = "matched the existing account " + describe_account(*by_email) + " by email";
    return by_email;
  }
  if (by_username) {
    conflict = {{"class", "data"}, {"field", "username"},
                {"message", "username \"" + item["username"].get<std::string>() + "\" is taken by " + describe_account(*by_username) +
                                (by_username->value("idnumber", "").empty() ? ", which moodle-sync does not manage (set users.match_existing to \"username\" to adopt it)"
                                                                             : ", which belongs to another entity")}};
  } else if (by_email) {
    conflict = {{"class", "data"}, {"field", "email"},
                {"message", "email \"" + item["email"].get<std::string>() + "\" is taken by " + describe_account(*by_email) +
                                (by_email->value("idnumber", "").empty() ? ", which moodle-sync does not manage (set users.match_existing to \"email\" to adopt it)"
                                                                          : ", which belongs to another entity")}};
  }
  return nullptr;
}

json Engine::State::user_create_item(Run& r, json item) {
  const json& users = setup.config.component("users");
  std::string auth = users.value("auth", "manual");
  item["auth"] = auth;
  // Moodle has no suspended field on create: a blocked user is created, then suspended.
  if (item.value("suspended", 0) == 1) r.followup = {{"suspended", 1}};
  item.erase("suspended");
  bool needs_password = auth == "manual" || auth == "nologin" || auth == "email";
  if (users.value("password", "create") == "field") {
    PathValue p = setup.store.resolve(*r.entity, users.value("password_field", ""));
    if (p.found && p.value.is_string() && !p.value.get<std::string>().empty()) item["password"] = p.value;
    else if (needs_password) item["createpassword"] = 1;
  } else if (needs_password) {
    item["createpassword"] = 1;  // Moodle generates it and mails the user: never a shared password
  }
  return item;
}

}  // namespace moodle_sync
