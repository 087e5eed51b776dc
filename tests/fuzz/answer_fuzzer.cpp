// The Moodle answer decoder: whatever comes back over HTTP (JSON, an exception, warnings, HTML,
// XML, a cut body). The first byte picks the HTTP status, the rest is the body.
#include <cstddef>
#include <cstdint>
#include <string>

#include "moodle_sync/moodle_answer.hpp"

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
  return 0;
}
