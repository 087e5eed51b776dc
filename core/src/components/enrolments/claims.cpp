#include "components/enrolments/claims.hpp"

namespace moodle_sync {

std::string enrolment_key(long long user, long long course, long long role) {
  return std::to_string(user) + ":" + std::to_string(course) + ":" + std::to_string(role);
}

void EnrolmentClaims::load(const json& records) {
  for (const auto& record : records) {
    if (!record.is_object() || record.value("kind", "") != "enrolment") continue;
    if (!record.value("userid", json()).is_number_integer() || !record.value("courseid", json()).is_number_integer() ||
        !record.value("roleid", json()).is_number_integer()) continue;
    std::string key = enrolment_key(record["userid"].get<long long>(), record["courseid"].get<long long>(), record["roleid"].get<long long>());
    known.erase(key);
    unknown.erase(key);
    removed.erase(key);
    // An intent, or an older "adopted" record: claimed, but what Moodle holds is not known.
    if (record.value("intent", false) || record.value("adopted", false)) unknown[key] = &record;
    else if (record.value("status", "") == "removed") removed[key] = &record;
    else known[key] = &record;
  }
  index();
}

void EnrolmentClaims::index() {
  roles_by_pair_.clear();
  shared_pairs_.clear();
  for (const auto* list : {&known, &unknown}) {
    for (const auto& [key, r] : *list) {
      std::pair<long long, long long> pair = {r->value("userid", 0LL), r->value("courseid", 0LL)};
      if (r->value("shared", false)) shared_pairs_.insert(pair);
      else if (r->value("status", "") != "removed") roles_by_pair_[pair].insert(r->value("roleid", 0LL));
    }
  }
}

std::set<long long> EnrolmentClaims::claimed_roles(long long user, long long course) const {
  auto found = roles_by_pair_.find({user, course});
  return found == roles_by_pair_.end() ? std::set<long long>() : found->second;
}

bool EnrolmentClaims::shared(long long user, long long course) const { return shared_pairs_.count({user, course}) > 0; }

}  // namespace moodle_sync
