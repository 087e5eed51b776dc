// Users: Drupal users (and their profile entities) -> Moodle accounts. Moodle has no listing by
// idnumber, so the accounts are read by value lists (idnumber, id, username, email) once the
// mapped values are known; a username or email taken by an account moodle-sync does not manage is
// an error naming it, never a second account.
#include <algorithm>

#include "components/component_kit.hpp"
#include "engine/listing_answer.hpp"
#include "engine/engine_state.hpp"
#include "moodle_sync/mapping.hpp"
#include "moodle_sync/transforms.hpp"

namespace moodle_sync {
namespace {

using namespace config_schema;
using State = Engine::State;

// Field lists follow Moodle 4.5's core_user_create_users parameters; the lengths are the database columns.
const std::vector<MoodleField> kFields = {
    {"username", FieldKind::username, true, 100, nullptr},
    {"firstname", FieldKind::text, true, 100, nullptr},
    {"lastname", FieldKind::text, true, 100, nullptr},
    {"email", FieldKind::email, true, 100, nullptr},
    {"password", FieldKind::raw, false, 0, nullptr},
    {"auth", FieldKind::raw, false, 20, nullptr},
    {"middlename", FieldKind::text, false, 255, nullptr},
    {"alternatename", FieldKind::text, false, 255, nullptr},
    {"firstnamephonetic", FieldKind::text, false, 255, nullptr},
    {"lastnamephonetic", FieldKind::text, false, 255, nullptr},
    {"maildisplay", FieldKind::integer, false, 0, nullptr},
    {"city", FieldKind::text, false, 120, nullptr},
    {"country", FieldKind::raw, false, 2, nullptr},
    {"timezone", FieldKind::raw, false, 100, nullptr},
    {"description", FieldKind::html, false, 0, nullptr},
    {"institution", FieldKind::text, false, 255, nullptr},
    {"department", FieldKind::text, false, 255, nullptr},
    {"phone1", FieldKind::text, false, 20, nullptr},
    {"phone2", FieldKind::text, false, 20, nullptr},
    {"address", FieldKind::text, false, 255, nullptr},
    {"lang", FieldKind::raw, false, 30, nullptr},
    {"calendartype", FieldKind::raw, false, 30, nullptr},
    {"theme", FieldKind::raw, false, 50, nullptr},
    {"mailformat", FieldKind::integer, false, 0, nullptr},
};

// What the users component keeps during a run.
struct UsersState : ComponentState {
  bool prefetched = false;
  json lookup = json::object();  // field -> values read by core_user_get_users_by_field
};

std::string describe_account(const json& u) {
  std::string idnumber = u.value("idnumber", "");
  return "Moodle user " + std::to_string(u["id"].get<long long>()) + " (" + u.value("username", std::string("?")) +
         (idnumber.empty() ? ", no idnumber" : ", idnumber \"" + idnumber + "\"") + ")";
}

void queue_user_reads(State& s);

void prefetch_users(State& s, const std::vector<Run*>& pending) {
  UsersState& mine = s.state_of<UsersState>("users");
  mine.prefetched = true;
  const Mapping& mapping = s.setup.config.mappings.at("users");
  std::set<std::string> idnumbers, usernames, emails;
  std::set<long long> ids;
  for (Run* r : pending) {
    if (r->decision.action == MoodleIdAction::update) {  // known accounts are read by id, nothing else
      ids.insert(r->decision.moodle_id);
      continue;
    }
    // Accounts to create are looked for first: by the journal, the idnumber, the username, the email.
    idnumbers.insert(r->idnumber);
    auto j = s.journal_ids.find({r->entity->type, r->entity->uuid});
    if (j != s.journal_ids.end()) ids.insert(j->second);
    MappedEntity m = map_entity(*r->entity, mapping, "users", s.setup.store);
    if (m.fields.contains("username")) usernames.insert(m.fields["username"].get<std::string>());
    if (m.fields.contains("email")) emails.insert(m.fields["email"].get<std::string>());
  }
  mine.lookup = {{"idnumber", json(idnumbers)}, {"id", json(ids)}, {"username", json(usernames)}, {"email", json(emails)}};
  queue_user_reads(s);
}

void queue_user_reads(State& s) {
  s.tables["user"].clear();
  for (const auto& [field, values] : s.state_of<UsersState>("users").lookup.items()) {
    if (values.empty()) continue;
    const std::size_t queued = s.queue.size();
    s.queue_value_reads("core_user_get_users_by_field", field, values.get<std::vector<json>>(), "Moodle's users by " + field,
                        [&s](const json& v) {
                          if (!load_users(s.tables["user"], v)) s.shape_error("core_user_get_users_by_field");
                        });
    // Thousands of accounts, forty-odd fields each: loaded item by item, never decoded whole.
    load_answers_in_pieces(s, s.queue.size() - queued, "user", load_users);
  }
}

// A role's machine name: the reference's meta (drupal_internal__target_id), or the role document's
// own id when the export holds it; empty when neither says.
std::string role_name(const State& s, const json& ref) {
  if (!ref.is_object()) return {};
  if (ref.contains("meta") && ref["meta"].is_object() && ref["meta"].contains("drupal_internal__target_id")) {
    const json& target = ref["meta"]["drupal_internal__target_id"];
    if (target.is_string()) return target.get<std::string>();
    if (target.is_number_integer()) return to_text(target);
  }
  const Entity* role = is_reference(ref) ? s.setup.store.find(ref["type"].get<std::string>(), ref["id"].get<std::string>()) : nullptr;
  return role ? role->id.text() : std::string();
}

// Finishes a user with an excluded Drupal role as ignored (or failed when a role cannot be named).
bool excluded_user(State& s, Run& r) {
  const json& excluded = s.setup.config.component("users").value("excluded_roles", json::array());
  if (excluded.empty()) return false;
  auto roles = r.entity->relationships.find("roles");
  if (roles == r.entity->relationships.end() || !roles->contains("data") || !(*roles)["data"].is_array()) return false;
  const json& refs = (*roles)["data"];
  std::size_t unnamed = refs.size();
  for (std::size_t i = 0; i < refs.size(); ++i) {
    std::string role = role_name(s, refs[i]);
    if (role.empty() && unnamed == refs.size()) unnamed = i;
    if (role.empty() || std::find(excluded.begin(), excluded.end(), role) == excluded.end()) continue;
    r.note = "has the Drupal role \"" + role + "\", which is excluded from the sync";
    s.finish(r, Outcome::ignored);
    return true;
  }
  if (unnamed == refs.size()) return false;
  // A role that cannot be named might be an excluded one: syncing the account could expose it.
  const json& ref = refs[unnamed];
  std::string what = is_reference(ref) ? ref["type"].get<std::string>() + " " + ref["id"].get<std::string>() : to_text(ref);
  s.fail(r, {{"class", "data"}, {"field", "roles"},
           {"message", r.entity->label() + ": roles[" + std::to_string(unnamed) + "] is " + what +
                           ", whose machine name the export does not give (no meta.drupal_internal__target_id, no role document): "
                           "it cannot be checked against excluded_roles"}});
  return true;
}

void complete_user_item(const State& s, Run& r, json& item) {
  const json& users = s.setup.config.component("users");
  // Drupal's status is true for active users: mirror it as Moodle's suspension, unless told not to.
  auto status = r.entity->attributes.find("status");
  if (users.value("blocked", "suspend") == "suspend" && status != r.entity->attributes.end() && status->is_boolean()) {
    item["suspended"] = status->get<bool>() ? 0 : 1;
  }
}

const json* find_user(State& s, Run& r, const json& item, json& conflict) {
  MoodleTable& table = s.tables["user"];
  std::string match = s.setup.config.component("users").value("match_existing", "none");
  const json* by_username = item.contains("username") ? table.by("username", item["username"].get<std::string>()) : nullptr;
  const json* by_email = item.contains("email") ? table.by("email", item["email"].get<std::string>()) : nullptr;
  // Only an account no other entity owns may be matched: one without an idnumber (or with ours)
  // whose id is not another user's moodle id.
  auto free = [&](const json* account) {
    if (!account) return false;
    std::string idnumber = account->value("idnumber", "");
    long long id = account->at("id").get<long long>();
    bool claimed = std::any_of(s.runs.begin(), s.runs.end(), [&](const Run& o) {
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

json user_create_item(const State& s, Run& r, json item) {
  const json& users = s.setup.config.component("users");
  std::string auth = users.value("auth", "manual");
  item["auth"] = auth;
  // Moodle has no suspended field on create: a blocked user is created, then suspended.
  if (item.value("suspended", 0) == 1) r.followup = {{"suspended", 1}};
  item.erase("suspended");
  bool needs_password = auth == "manual" || auth == "nologin" || auth == "email";
  if (users.value("password", "create") == "field") {
    PathValue p = s.setup.store.resolve(*r.entity, users.value("password_field", ""));
    if (p.found && p.value.is_string() && !p.value.get<std::string>().empty()) item["password"] = p.value;
    else if (needs_password) item["createpassword"] = 1;
  } else if (needs_password) {
    item["createpassword"] = 1;  // Moodle generates it and mails the user: never a shared password
  }
  return item;
}

// A user's profile entity becomes reachable from the user as "profile.<field>".
void attach_profiles(State& s) {
  const json& profile = s.setup.config.component("users").value("profile", json());
  if (!s.setup.config.enabled("users") || !profile.is_object()) return;
  // A user without a profile has empty profile fields, not missing ones.
  for (Entity* u : s.setup.store.of_type("user--user")) u->relationships.set("profile", {{"data", nullptr}});
  for (Entity* p : s.setup.store.of_type(profile.value("type", ""))) {
    PathValue u = s.setup.store.resolve(*p, profile.value("user_field", ""));
    if (!u.found || !is_reference(u.value)) continue;
    Entity* user = s.setup.store.find(u.value["type"].get<std::string>(), u.value["id"].get<std::string>());
    if (user) user->relationships.set("profile", {{"data", {{"type", p->type}, {"id", p->uuid}}}});
  }
}

// core_user_get_users answers {users, warnings}.
bool load_user_listing(MoodleTable& table, const json& answer) {
  static const json kNone;
  auto users = answer.find("users");  // read where it is: a choice between it and a new value would copy it
  return load_account_listing(table, users != answer.end() ? *users : kNone);
}

class Hooks : public ObjectHooks {
 public:
  // Moodle has no listing by idnumber: the accounts are read once the mapped values are known.
  bool before_pass(State& s, const std::vector<Run*>& pending) const override {
    if (s.state_of<UsersState>("users").prefetched) return true;
    prefetch_users(s, pending);
    return false;
  }
  bool excluded(State& s, Run& r) const override { return excluded_user(s, r); }
  void add_derived_fields(const Config&, const Entity&, const EntityStore&, json&, std::vector<EntityIssue>&) const override {}
  long long copy_source(State&, Run&, std::vector<EntityIssue>&) const override { return 0; }
  void complete_item(State& s, Run& r, json& item) const override { complete_user_item(s, r, item); }
  std::string unknown_custom_field(State&, const json&) const override { return {}; }
  const json* find_other(State& s, Run& r, const json& item, json& conflict, bool) const override { return find_user(s, r, item, conflict); }
  json create_item(State& s, Run& r, json item) const override { return user_create_item(s, r, std::move(item)); }
  json update_item(long long id, const json& item, const json& changes) const override { return moodle_sync::update_item(id, item, changes); }
  void reread(State& s) const override { queue_user_reads(s); }
};

class Users : public Component {
 public:
  std::string name() const override { return "users"; }
  std::string entity_type(const Config&) const override { return "user--user"; }
  std::string moodle_table() const override { return "user"; }
  std::vector<ComponentRead> reads(const Config&) const override {
    ComponentRead by_field;
    by_field.wsfunction = "core_user_get_users_by_field";
    by_field.params = {{"field", "idnumber"}, {"values", json::array()}};  // also by id, username and email
    by_field.what = "Moodle's users by idnumber";
    by_field.table = "user";
    by_field.load = load_users;
    by_field.empty_answer = json::array();
    by_field.whole_table = false;
    return {by_field};
  }
  const std::vector<Key>* config_keys() const override {
    static const std::vector<Key> keys = component_section({typed("mapping", Type::mapping), typed("customfields", Type::customfields),
                                                            str("auth", false, "manual"), word("password", {"create", "field"}, "create"),
                                                            str("password_field"), typed("excluded_roles", Type::string_list, false, json::array()),
                                                            word("blocked", {"suspend", "ignore"}, "suspend"),
                                                            word("deleted", {"none", "suspend", "delete"}, "none"),
                                                            word("match_existing", {"none", "username", "email"}, "none"),
                                                            object("profile", {str("type", true), str("user_field", true)})});
    return &keys;
  }
  void check_config(const json& c, const std::string& at, std::vector<ConfigIssue>& issues) const override {
    if (c.value("password", "") == "field" && !c.contains("password_field")) {
      issues.push_back({at + ".password_field", "missing value: password is \"field\", so the source field of the password is needed"});
    }
  }
  const std::vector<MoodleField>& moodle_fields() const override { return kFields; }
  bool is_reserved_field(const std::string& f) const override { return f == "customfields" || f == "suspended" || f == "createpassword"; }
  json default_mapping() const override { return {{"username", "name | lower"}, {"email", "mail | lower"}}; }
  bool derives(const std::string&) const override { return false; }
  const char* customfield_key() const override { return "type"; }
  // core_user_get_users_by_field never returns these: they can be set on create, not compared.
  bool unreadable(const std::string& field) const override {
    static const char* const kUnread[] = {"middlename", "alternatename", "firstnamephonetic", "lastnamephonetic", "maildisplay", "calendartype"};
    return std::any_of(std::begin(kUnread), std::end(kUnread), [&](const char* f) { return field == f; });
  }
  std::string object_noun() const override { return "user"; }
  std::vector<std::string> required_functions(const Config& config) const override {
    std::vector<std::string> f = {"core_user_get_users_by_field", "core_user_create_users", "core_user_update_users"};
    std::string deleted = config.component(name()).value("deleted", "none");
    if (deleted != "none") f.push_back("core_user_get_users");  // lists accounts to find deleted users
    if (deleted == "delete") f.push_back("core_user_delete_users");
    return f;
  }
  ComponentBatches batches() const override {
    using A = BatchSpec::Answer;
    return {batch_spec("core_user_create_users", "users", name(), A::created_list, true, Outcome::created, {"username"}),
            batch_spec("core_user_update_users", "users", name(), A::warnings, false, Outcome::updated),
            batch_spec("core_user_delete_users", "userids", name(), A::none, true, Outcome::deleted)};
  }
  // Moodle cannot list users by idnumber: the accounts of the configured auth method are read once.
  std::optional<RemovalPlan> removal(const Config& config) const override {
    std::string auth = config.component(name()).value("auth", "manual");
    ComponentRead listing;
    listing.wsfunction = "core_user_get_users";
    listing.params = {{"criteria", json::array({{{"key", "auth"}, {"value", auth}}})}};
    listing.what = "Moodle's " + auth + " accounts";
    listing.table = "user_listing";
    listing.load = load_user_listing;
    listing.empty_answer = {{"users", json::array()}, {"warnings", json::array()}};
    listing.whole_table = false;
    listing.items_in = "users";
    return RemovalPlan{listing, "user_listing", "categoryid"};
  }
  void start(State& s) const override { attach_profiles(s); }
  bool plan_pass(State& s) const override { return s.plan_objects(*this); }
  const ObjectHooks* objects() const override { return &hooks_; }

 private:
  Hooks hooks_;
};

}  // namespace

const Component& users_component() {
  static const Users c;
  return c;
}

}  // namespace moodle_sync
