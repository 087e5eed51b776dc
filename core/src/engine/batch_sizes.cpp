#include "engine/batch_sizes.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "moodle/request_bytes.hpp"

namespace moodle_sync {
namespace {

constexpr double kStep = 1.5;   // each size on the ladder is about 2/3 of the one above it
constexpr double kWeight = 0.5;  // a new measurement's weight: a size that got slower is seen soon

// The ladder size nearest to `items` by ratio (a batch cut short by a budget, the last of a list).
std::size_t nearest(const std::vector<std::size_t>& ladder, std::size_t items) {
  std::size_t best = ladder.front();
  double distance = std::numeric_limits<double>::max();
  for (std::size_t size : ladder) {
    double d = std::fabs(std::log(static_cast<double>(size)) - std::log(static_cast<double>(std::max<std::size_t>(items, 1))));
    if (d < distance) {
      distance = d;
      best = size;
    }
  }
  return best;
}

const std::string& text_of(const json& object, const char* key) {
  static const std::string kNone;
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get_ref<const std::string&>() : kNone;
}

// The answer Moodle gave in JSON: it read the request's variables (an XML answer means it read none).
bool json_answer(const json& result) {
  if (result.value("status", 0) != 200) return false;
  const std::string& text = text_of(result, "body");
  std::size_t first = text.find_first_not_of(" \t\r\n");
  return first != std::string::npos && text[first] != '<';
}

}  // namespace

std::vector<std::size_t> size_ladder(std::size_t ceiling) {
  std::vector<std::size_t> ladder;
  for (std::size_t size = std::max<std::size_t>(ceiling, 1);; ) {
    ladder.push_back(size);
    if (size == 1) break;
    std::size_t smaller = static_cast<std::size_t>(std::llround(static_cast<double>(size) / kStep));
    size = std::max<std::size_t>(1, std::min(smaller, size - 1));
  }
  return ladder;
}

void FunctionTimes::note(std::size_t items, double elapsed_ms, std::size_t ceiling) {
  if (items == 0 || !(elapsed_ms >= 0)) return;
  Measure& m = by_size_[nearest(size_ladder(ceiling), items)];
  const double per_item = elapsed_ms / static_cast<double>(items);
  m.per_item_ms = m.samples == 0 ? per_item : (1 - kWeight) * m.per_item_ms + kWeight * per_item;
  ++m.samples;
}

std::size_t FunctionTimes::next(std::size_t ceiling) const {
  const std::vector<std::size_t> ladder = size_ladder(ceiling);
  std::size_t best = 0;  // index on the ladder of the fastest size per item
  bool measured = false;
  for (std::size_t i = 0; i < ladder.size(); ++i) {
    auto m = by_size_.find(ladder[i]);
    if (m == by_size_.end()) continue;
    if (!measured || m->second.per_item_ms < by_size_.at(ladder[best]).per_item_ms) best = i;
    measured = true;
  }
  if (!measured) return ladder.front();
  // Try the untried neighbours of the best before settling on it: smaller first (the fixed cost of
  // a call is paid again, the per-item cost that grows with the batch is saved), then larger.
  if (best + 1 < ladder.size() && !by_size_.count(ladder[best + 1])) return ladder[best + 1];
  if (best > 0 && !by_size_.count(ladder[best - 1])) return ladder[best - 1];
  return ladder[best];
}

std::map<std::size_t, double> FunctionTimes::per_item_ms() const {
  std::map<std::size_t, double> out;
  for (const auto& [size, m] : by_size_) out[size] = m.per_item_ms;
  return out;
}

BatchSizes& batch_sizes(Engine::State& s) {
  static const char* const kKey = "batch_sizes";
  const bool fresh = !s.state_if<BatchSizes>(kKey);
  BatchSizes& sizes = s.state_of<BatchSizes>(kKey);
  if (fresh) {
    const json& moodle = s.setup.config.settings["moodle"];
    sizes.adaptive = moodle.value("adaptive_batches", true);
    sizes.max_request_bytes = moodle.value("max_request_bytes", kDefaultMaxRequestBytes);
  }
  return sizes;
}

void note_call_result(Engine::State& s, const json& action, const json& result) {
  if (!result.is_object() || action.value("kind", "") != "call") return;
  BatchSizes& sizes = batch_sizes(s);
  if (!json_answer(result)) return;  // a failed transport says nothing of Moodle's time per item
  sizes.largest_body_read = std::max(sizes.largest_body_read, text_of(action, "body").size());
  // An error ends the call part way: its time is not that of the batch.
  if (text_of(result, "body").compare(0, 13, "{\"exception\":") == 0) return;
  auto fn = sizes.by_function.find(action.value("wsfunction", ""));
  auto elapsed = result.find("elapsed_ms");
  if (fn == sizes.by_function.end() || elapsed == result.end() || !elapsed->is_number() || !action.contains("params")) return;
  std::size_t items = 0;
  for (const auto& [key, value] : action["params"].items()) {
    if (value.is_array()) items = value.size();
  }
  // A retry waited before it was sent: that wait is not Moodle's time.
  const double ms = elapsed->get<double>() - action.value("delay_ms", 0.0);
  if (ms > 0) fn->second.note(items, ms, s.max_items);  // a call that took no time tells nothing
}

}  // namespace moodle_sync
