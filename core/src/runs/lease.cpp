#include "runs/lease.hpp"

#include <cmath>
#include <stdexcept>

#include "components/completion/completion_fields.hpp"

namespace moodle_sync {
namespace {

double need_number(const json& in, const char* key) {
  if (!in.is_object() || !in.contains(key) || !in[key].is_number()) {
    throw std::invalid_argument(std::string("\"") + key + "\" must be a number");
  }
  return in[key].get<double>();
}

std::string need_text(const json& in, const char* key, const std::string& path) {
  if (!in.is_object() || !in.contains(key) || !in[key].is_string() || in[key].get_ref<const std::string&>().empty()) {
    throw std::invalid_argument("\"" + path + "\" must be a non-empty string");
  }
  return in[key].get<std::string>();
}

bool is_record(const json& held) {
  return held.is_object() && held.value("holder", json()).is_string() && held.value("expires_at", json()).is_number();
}

}  // namespace

json decide_lease(const json& in) {
  const std::string key = need_text(in, "key", "key");
  const std::string me = need_text(in.value("me", json::object()), "holder", "me.holder");
  const double now = need_number(in, "now");
  const double ttl = need_number(in, "ttl_seconds");
  if (ttl <= 0) throw std::invalid_argument("\"ttl_seconds\" must be above 0");
  const json held = in.value("held", json());
  // Whole seconds stay whole (a JSON integer): a host with a seconds clock sees no fraction appear.
  const json expires = in["now"].is_number_integer() && in["ttl_seconds"].is_number_integer()
                           ? json(in["now"].get<long long>() + in["ttl_seconds"].get<long long>())
                           : json(now + ttl);
  const json mine = {{"holder", me}, {"expires_at", expires}};
  if (held.is_null()) return {{"decision", "take"}, {"record", mine}};
  if (is_record(held) && held["holder"] == me) return {{"decision", "renew"}, {"record", mine}};
  // A lease that expired belongs to a run that ended without giving it back (or took too long).
  if (!is_record(held) || held["expires_at"].get<double>() <= now) return {{"decision", "take_over"}, {"record", mine}};
  const double until = held["expires_at"].get<double>();
  const long long left = static_cast<long long>(std::ceil(until - now));
  return {{"decision", "refuse"},
          {"record", held},
          {"message", key + " is held by " + held["holder"].get<std::string>() + " until " +
                          completion_date_text(static_cast<long long>(std::floor(until))) + " (" + std::to_string(left) +
                          " s from now)"}};
}

}  // namespace moodle_sync
