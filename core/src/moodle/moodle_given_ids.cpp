#include "moodle_sync/moodle_given_ids.hpp"

#include <set>

namespace moodle_sync {

std::optional<long long> moodle_object_id(const json& v) {
  constexpr long long kMax = 9007199254740992LL;  // 2^53
  if (v.is_number_unsigned()) {
    auto u = v.get<unsigned long long>();
    if (u >= 1 && u <= static_cast<unsigned long long>(kMax)) return static_cast<long long>(u);
    return std::nullopt;
  }
  if (v.is_number_integer()) {
    auto i = v.get<long long>();
    if (i >= 1 && i <= kMax) return i;
  }
  return std::nullopt;
}

std::string check_created_ids(const std::string& wsfunction, const json& answer, const std::vector<json>& items,
                              const std::vector<std::string>& echo_keys) {
  std::set<long long> seen;
  for (std::size_t i = 0; i < answer.size() && i < items.size(); ++i) {
    const json& a = answer[i];
    std::string where = wsfunction + " answered, for item " + std::to_string(i + 1) + " of " + std::to_string(items.size());
    if (!a.is_object() || !a.contains("id")) return where + ", no id";
    std::optional<long long> id = moodle_object_id(a["id"]);
    if (!id) return where + ", the id " + to_text(a["id"]) + ", which is not a positive integer up to 2^53";
    if (!seen.insert(*id).second) return where + ", the id " + std::to_string(*id) + " that it gave to another item too";
    for (const auto& key : echo_keys) {
      if (a.contains(key) && items[i].contains(key) && a[key] != items[i][key]) {
        return where + ", " + key + " " + to_text(a[key]) + " instead of " + to_text(items[i][key]) + " (the answer is not in request order)";
      }
    }
  }
  return {};
}

}  // namespace moodle_sync
