// Runs every decision vector of tests/vectors/ through the core's JSON API: the same files the Node
// suite runs against the WebAssembly build. A vector file added later runs here without new code.
#include <gtest/gtest.h>

#include "moodle_sync/api.hpp"
#include "sync_vectors.hpp"

using moodle_sync::json;

namespace {

struct VectorCase {
  std::string file;
  std::string name;
  std::string operation;
  json input;
  json expect;
};

std::vector<VectorCase> load_all() {
  std::vector<VectorCase> cases;
  for (const auto& [file, doc] : moodle_sync::testing_vectors::vector_files()) {
    for (const auto& c : doc.at("cases")) {
      cases.push_back({file, c.at("name").get<std::string>(), c.value("operation", doc.at("operation").get<std::string>()), c.at("input"), c.at("expect")});
    }
  }
  return cases;
}

// gtest names a failing parameter by this, instead of dumping its bytes.
void PrintTo(const VectorCase& v, std::ostream* os) { *os << v.file << " / " << v.name; }

class DecisionVector : public testing::TestWithParam<VectorCase> {};

TEST_P(DecisionVector, NativeCoreGivesTheExpectedAnswer) {
  const VectorCase& v = GetParam();
  json actual = moodle_sync::call_api(v.operation, v.input);
  EXPECT_EQ(actual, v.expect) << v.file << " / " << v.name << "\n  actual:   " << actual.dump()
                              << "\n  expected: " << v.expect.dump();
}

std::string test_name(const testing::TestParamInfo<VectorCase>& info) {
  std::string n = info.param.file.substr(0, info.param.file.size() - 5) + "_" + std::to_string(info.index);
  for (auto& c : n) if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(Vectors, DecisionVector, testing::ValuesIn(load_all()), test_name);

TEST(DecisionVectors, AtLeastEightyCasesExist) {
  EXPECT_GE(load_all().size(), 80u);
}

}  // namespace
