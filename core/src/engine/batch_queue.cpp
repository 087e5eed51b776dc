#include "engine/batch_queue.hpp"

#include <algorithm>

#include "engine/batch_sizes.hpp"
#include "engine/planned_calls.hpp"
#include "moodle/request_bytes.hpp"
#include "moodle_sync/rest_request.hpp"

namespace moodle_sync {

// What a call may carry: variables (max_input_vars), bytes (post_max_size) and items.
struct Limits {
  std::size_t variables = 0;
  std::size_t bytes = 0;
  std::size_t items = 0;
  std::size_t overhead_bytes = 0;
};

// The items of one queue_batches call not yet sent, with what each costs in a request (a dry run
// keeps only the costs).
struct PendingBatches {
  BatchSpec spec;
  std::vector<Run*> runs;
  std::vector<json> items;
  std::vector<std::size_t> variables, bytes;
  std::size_t next = 0;
  long long group = 0;
  Limits limits;  // a dry run's, taken once for all its items
};

namespace {

using Pending = PendingBatches;

// One past the last item of the batch that begins at `from`: at most `target` items, within the
// budgets (an item that cannot fit alone was refused before).
std::size_t cut(const Pending& p, std::size_t from, std::size_t target, const Limits& limits) {
  std::size_t variables = kFixedVariables, bytes = limits.overhead_bytes, end = from;
  while (end < p.runs.size() && end - from < target) {
    if (end > from && (variables + p.variables[end] > limits.variables || bytes + p.bytes[end] > limits.bytes)) break;
    variables += p.variables[end];
    bytes += p.bytes[end];
    ++end;
  }
  return end;
}

std::string thousands(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// Sends the next batch of `p` now (queued at the front), and leaves the rest behind it, to be cut
// when its turn comes with the sizes measured by then.
void send_next(Engine::State& s, const std::shared_ptr<Pending>& p, const Limits& limits);

void queue_rest(Engine::State& s, const std::shared_ptr<Pending>& p, const Limits& limits, bool front) {
  // A task the engine runs itself when it reaches the front (never shown to the host); a run
  // stopped by its budget drops it with the group it belongs to.
  Task rest;
  rest.action = {{"kind", "batches"}, {"wsfunction", p->spec.wsfunction}};
  rest.local = true;
  rest.group = p->group;
  rest.on_result = [&s, p, limits](const json&) { send_next(s, p, limits); };
  if (front) s.queue.push_front(std::move(rest));
  else s.queue.push_back(std::move(rest));
}

void send_next(Engine::State& s, const std::shared_ptr<Pending>& p, const Limits& limits) {
  if (!s.fatal.is_null()) return;  // no call is sent after a fatal failure
  BatchSizes& sizes = batch_sizes(s);
  const std::size_t target = sizes.adaptive ? sizes.by_function[p->spec.wsfunction].next(limits.items) : limits.items;
  const std::size_t begin = p->next, end = cut(*p, begin, std::max<std::size_t>(target, 1), limits);
  p->next = end;
  if (end < p->runs.size()) queue_rest(s, p, limits, true);
  std::vector<Run*> runs(p->runs.begin() + static_cast<long>(begin), p->runs.begin() + static_cast<long>(end));
  std::vector<json> items;
  items.reserve(end - begin);
  for (std::size_t i = begin; i < end; ++i) items.push_back(std::move(p->items[i]));
  s.queue_batch(p->spec, std::move(runs), std::move(items), true);
}

Limits limits_of(Engine::State& s, const BatchSpec& spec) {
  return {s.budget, batch_sizes(s).max_request_bytes, s.max_items, request_overhead_bytes(spec.wsfunction)};
}

// Measures one item into `p`: its variables and bytes. An item no request can carry is left out
// (false), failed when the run writes: never sent truncated, nor in a request PHP would drop whole.
bool measure(Engine::State& s, Pending& p, const Limits& limits, Run* r, const json& item) {
  std::size_t n = count_variables(item);
  if (n + kFixedVariables > limits.variables) {
    if (s.writes) s.fail(*r, {{"class", "data"}, {"message", "needs " + std::to_string(n) + " variables, more than the max_input_vars budget of " + std::to_string(limits.variables)}});
    return false;
  }
  std::size_t bytes = item_request_bytes(p.spec.list_key, item, index_digits(limits.items));
  if (bytes + limits.overhead_bytes > limits.bytes) {
    if (s.writes) {
      s.fail(*r, {{"class", "data"},
                  {"message", "too large: its request would be " + thousands(bytes + limits.overhead_bytes) +
                                  " bytes, more than the max_request_bytes budget of " + thousands(limits.bytes) +
                                  " (PHP's post_max_size drops a larger request whole)"}});
    }
    return false;
  }
  p.runs.push_back(r);
  p.variables.push_back(n);
  p.bytes.push_back(bytes);
  return true;
}

// A dry run counts the batches as cut before any measurement.
void count_cut(Engine::State& s, const Pending& p, const Limits& limits) {
  if (p.runs.empty()) return;
  std::size_t requests = 0;
  for (std::size_t at = 0; at < p.runs.size(); ++requests) at = cut(p, at, limits.items, limits);
  count_planned_batches(s, p.spec, p.runs, requests);
}

}  // namespace

void Engine::State::queue_batches(const BatchSpec& spec, std::vector<Run*> item_runs, std::vector<json> items) {
  const Limits limits = limits_of(*this, spec);
  auto p = std::make_shared<Pending>();
  p->spec = spec;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (measure(*this, *p, limits, item_runs[i], items[i]) && writes) p->items.push_back(std::move(items[i]));
  }
  if (!writes) return count_cut(*this, *p, limits);
  if (p->runs.empty()) return;
  batch_sizes(*this).by_function[spec.wsfunction];  // measured from now on
  p->group = new_group();
  queue_rest(*this, p, limits, false);
}

PlannedBatches::PlannedBatches(Engine::State& s, const BatchSpec& spec) : s_(s), pending_(std::make_unique<PendingBatches>()) {
  pending_->spec = spec;
  pending_->limits = limits_of(s, spec);
}

PlannedBatches::~PlannedBatches() = default;

void PlannedBatches::add(Run* r, const json& item) { measure(s_, *pending_, pending_->limits, r, item); }

void PlannedBatches::count() { count_cut(s_, *pending_, pending_->limits); }

void watch_dropped_body(Engine::State& s, Task& call, std::shared_ptr<std::size_t> dropped) {
  const std::size_t bytes = request_bytes(call.action["body"].get_ref<const std::string&>());
  call.on_result = [&s, bytes, dropped, inner = std::move(call.on_result)](const json& result) {
    // PHP reads no variable of a body over post_max_size, so Moodle answers as if the token were
    // missing: in XML, `invalidtoken`. Only a body larger than every one Moodle read in this run
    // is taken for that; a smaller one keeps its protocol error (something else drops bodies).
    const auto body = result.find("body");
    if (result.value("status", 0) == 200 && body != result.end() && body->is_string()) {
      const std::string& text = body->get_ref<const std::string&>();
      const std::size_t first = text.find_first_not_of(" \t\r\n");
      if (first != std::string::npos && text.compare(first, 5, "<?xml") == 0 && bytes > batch_sizes(s).largest_body_read &&
          text.find("<ERRORCODE>invalidtoken</ERRORCODE>") != std::string::npos) {
        *dropped = bytes;
      }
    }
    inner(result);
  };
}

void too_large(Engine::State& s, const BatchSpec& spec, const std::vector<Run*>& item_runs, const std::vector<json>& items,
               std::size_t bytes) {
  if (item_runs.size() == 1) {
    return s.fail(*item_runs[0], {{"class", "data"},
                                  {"message", "too large: Moodle read nothing of a request of " + thousands(bytes) +
                                                  " bytes (over the site's PHP post_max_size); the max_request_bytes budget is " +
                                                  thousands(batch_sizes(s).max_request_bytes) + ": lower it to the site's post_max_size"}});
  }
  // Not this data but the size of the whole: the halves are sent again.
  std::size_t half = item_runs.size() / 2;
  s.queue_batch(spec, {item_runs.begin() + static_cast<long>(half), item_runs.end()}, {items.begin() + static_cast<long>(half), items.end()}, true);
  s.queue_batch(spec, {item_runs.begin(), item_runs.begin() + static_cast<long>(half)}, {items.begin(), items.begin() + static_cast<long>(half)}, true);
}

}  // namespace moodle_sync
