// An entity's packed fields give back exactly the JSON values they were made from: every kind of
// value, the kind of each number, bytes that are not UTF-8, the members' order.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "moodle_sync/packed_fields.hpp"

using moodle_sync::json;
using moodle_sync::PackedFields;

namespace {

json every_kind() {
  json object = json::object();
  object["null"] = nullptr;
  object["yes"] = true;
  object["no"] = false;
  object["signed"] = json::number_integer_t{5};
  object["negative"] = json::number_integer_t{-7};
  object["lowest"] = std::numeric_limits<json::number_integer_t>::min();
  object["unsigned"] = json::number_unsigned_t{42};
  object["largest"] = std::numeric_limits<json::number_unsigned_t>::max();
  object["float"] = 0.1;
  object["negative_zero"] = -0.0;
  object["empty"] = "";
  object["text"] = std::string("nul \0 é 😀 ", 15) + std::string(300, 'x');
  object["not_utf8"] = std::string("\xff\xc3(", 3);
  object["list"] = json::array({1, "two", json::array(), json::object(), json::array({nullptr})});
  object["z_first"] = json::object({{"z", 1}, {"a", {{"data", {{"type", "node--course"}, {"id", "uuid-1"}}}}}});
  return object;
}

}  // namespace

TEST(PackedFields, GivesBackEveryValueExactlyKindOfNumberAndOrderIncluded) {
  const json original = every_kind();
  const PackedFields packed(original);
  EXPECT_EQ(packed.size(), original.size());
  const json back = packed.to_json();
  EXPECT_EQ(back, original);
  EXPECT_EQ(back.dump(-1, ' ', false, json::error_handler_t::replace), original.dump(-1, ' ', false, json::error_handler_t::replace));
  for (const auto& [name, value] : original.items()) {
    auto found = packed.find(name);
    ASSERT_TRUE(found != packed.end()) << name;
    EXPECT_EQ(found->type(), value.type()) << name;
    EXPECT_EQ(found->dump(-1, ' ', false, json::error_handler_t::replace), value.dump(-1, ' ', false, json::error_handler_t::replace)) << name;
  }
  EXPECT_TRUE(std::signbit(packed.value("negative_zero", 1.0).get<double>()));
  EXPECT_EQ(packed.value("not_utf8", nullptr).get<std::string>(), std::string("\xff\xc3(", 3));
  EXPECT_EQ(packed.value("text", nullptr).get<std::string>().size(), 315u);
  std::vector<std::string> keys;
  const json nested = packed.value("z_first", nullptr);
  for (const auto& [name, value] : nested.items()) keys.push_back(name);
  EXPECT_EQ(keys, (std::vector<std::string>{"z", "a"}));
}

TEST(PackedFields, AMissingMemberIsEndAndGivesTheFallback) {
  const PackedFields packed(json{{"title", "Chemie"}});
  EXPECT_TRUE(packed.find("body") == packed.end());
  EXPECT_FALSE(packed.find("title") == packed.end());
  EXPECT_EQ(*packed.find("title"), "Chemie");
  EXPECT_EQ(packed.value("body", "none"), "none");
  EXPECT_TRUE(packed.contains("title"));
  EXPECT_FALSE(packed.contains("titl"));
  EXPECT_EQ(PackedFields(json::array({1})).size(), 0u);
  EXPECT_EQ(PackedFields().to_json(), json::object());
}

TEST(PackedFields, SetReplacesAMemberInItsPlaceOrAddsItLast) {
  PackedFields packed(json{{"a", 1}, {"field_moodle_id", ""}, {"b", 2}});
  packed.set("field_moodle_id", "17");
  packed.set("new", json{{"data", nullptr}});
  EXPECT_EQ(packed.to_json().dump(), R"({"a":1,"field_moodle_id":"17","b":2,"new":{"data":null}})");
}
