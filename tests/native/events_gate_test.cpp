// The events gate beyond its vectors: the window holds on both sides for every age, no refusal
// echoes the signature, and the replay key is the signature as the host verifies it.
#include <gtest/gtest.h>

#include "moodle_sync/api.hpp"

namespace moodle_sync {
namespace {

const std::string kHex = "5d41402abc4b2a76b9719d911017c5925d41402abc4b2a76b9719d911017c592";

json gate(json headers, long long now = 1765000000, const char* method = "POST") {
  json answer = call_api("event_gate", {{"method", method}, {"headers", headers}, {"now", now}, {"max_age_seconds", 300}, {"max_bytes", 1000}});
  EXPECT_EQ(answer["ok"], true) << answer.dump();
  return answer["value"];
}

json ours(long long ts, const std::string& signature = "sha256=" + kHex) {
  return {{"content-type", "application/json"}, {"x-moodle-sync-timestamp", std::to_string(ts)}, {"x-moodle-sync-signature", signature}};
}

TEST(EventsGate, TheWindowHoldsOnBothSides) {
  const long long now = 1765000000;
  for (long long age = -400; age <= 400; age += 50) {
    json g = gate(ours(now - age), now);
    EXPECT_EQ(g["accept"], age >= -300 && age <= 300) << age;
  }
  EXPECT_EQ(gate(ours(now - 301), now)["status"], 401);
  EXPECT_EQ(gate(ours(now + 301), now)["status"], 401);
}

TEST(EventsGate, NoRefusalEchoesTheSignature) {
  std::vector<json> refused = {
      ours(1765000000, "sha256=" + kHex + "0"), ours(1, "sha256=" + kHex),
      {{"content-type", "text/plain"}, {"x-hub-signature", "sha1=" + kHex.substr(0, 40)}},
      {{"content-type", "application/json"}, {"content-length", "1001"}, {"x-hub-signature-256", "sha256=" + kHex}}};
  for (const auto& headers : refused) {
    json g = gate(headers);
    ASSERT_EQ(g["accept"], false) << headers.dump();
    EXPECT_EQ(g.dump().find(kHex.substr(0, 40)), std::string::npos) << g.dump();
  }
  json accepted = gate(ours(1765000000));
  EXPECT_EQ(accepted["unauthorized"].dump().find(kHex.substr(0, 40)), std::string::npos);
}

TEST(EventsGate, TheReplayKeyIsTheSignatureTheHostVerifies) {
  json g = gate(ours(1765000000));
  ASSERT_EQ(g["accept"], true);
  EXPECT_EQ(g["replay_key"], "replay/" + g["verify"]["signature_hex"].get<std::string>());
  EXPECT_EQ(g["verify"]["prefix"], "1765000000.");
  // The webhooks form has no timestamp: nothing is prefixed, the body alone is signed.
  json w = gate({{"content-type", "application/json"}, {"x-hub-signature", "sha1=" + kHex.substr(0, 40)}});
  EXPECT_EQ(w["verify"], json({{"algorithm", "SHA-1"}, {"prefix", ""}, {"signature_hex", kHex.substr(0, 40)}}));
}

TEST(EventsGate, TheMethodComesFirst) {
  for (const char* method : {"GET", "PUT", "DELETE", "post"}) {
    json g = gate(ours(1765000000), 1765000000, method);
    EXPECT_EQ(g["status"], 405) << method;
    EXPECT_EQ(g["headers"]["Allow"], "POST");
  }
}

}  // namespace
}  // namespace moodle_sync
