// The Moodle answer decoder: whatever comes back over HTTP (JSON, an exception, warnings, HTML,
// XML, a cut body). The first byte picks the HTTP status, the rest is the body. The body is also
// read by the quick JSON reader and by nlohmann's: what the first accepts, the second must read as
// the same value (a difference ends the run as a crash).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "json/fast_parse.hpp"
#include "moodle_sync/moodle_answer.hpp"

namespace {

// The same value with the same kinds of numbers: nlohmann's == takes 5 read as unsigned for 5 read
// as signed, and both print as 5.
bool same_kinds(const moodle_sync::json& a, const moodle_sync::json& b) {
  if (a.type() != b.type() || a.size() != b.size()) return false;
  if (a.is_object()) {
    for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib) {
      if (ia.key() != ib.key() || !same_kinds(ia.value(), ib.value())) return false;
    }
  } else if (a.is_array()) {
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!same_kinds(a[i], b[i])) return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace moodle_sync;
  static const int kStatuses[] = {200, 200, 200, 200, 0, 500, 503, 504, 404, 413, 302, 201};
  HttpReply reply;
  reply.status = size ? kStatuses[data[0] % (sizeof kStatuses / sizeof kStatuses[0])] : 200;
  reply.content_type = "application/json";
  reply.body.assign(reinterpret_cast<const char*>(data) + (size ? 1 : 0), size ? size - 1 : 0);
  if (reply.status == 0) reply.transport_error = reply.body;
  MoodleAnswer answer = decode_answer(reply, {"0123456789abcdef0123456789abcdef"});
  (void)to_text(to_json(answer));
  (void)classify_moodle_error(answer.error.exception, answer.error.errorcode, answer.error.message);
  json quick;
  if (fast_parse(reply.body, 256, quick)) {
    json reference = json::parse(reply.body, nullptr, false);
    if (reference.is_discarded() || reference != quick || to_text(reference) != to_text(quick) || !same_kinds(reference, quick)) std::abort();
  }
  return 0;
}
