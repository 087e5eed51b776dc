// `plan` and `preview` through call_api_text are written entity by entity, never built as one tree:
// their text must be, byte for byte, the text of the tree call_api answers (in UTF-8 and in ASCII),
// for every plan and preview of the decision vectors, and for inputs they refuse.
#include <gtest/gtest.h>

#include "json/json_write.hpp"
#include "moodle_sync/api.hpp"
#include "sync_vectors.hpp"

namespace moodle_sync {
namespace {

TEST(PlanText, EveryPlanAndPreviewVectorIsWrittenAsTheTextOfItsTree) {
  std::size_t compared = 0;
  for (const auto& [file, doc] : testing_vectors::vector_files()) {
    for (const auto& c : doc.at("cases")) {
      const std::string op = c.value("operation", doc.at("operation").get<std::string>());
      if (op != "plan" && op != "preview") continue;
      const json tree = call_api(op, c.at("input"));
      for (bool ascii : {false, true}) {
        EXPECT_EQ(call_api_text(op, c.at("input").dump(), ascii), json_write(tree, ascii)) << file << " / " << c.value("name", "");
      }
      ++compared;
    }
  }
  EXPECT_GE(compared, 12u);
}

TEST(PlanText, ARefusedInputIsAnsweredAsTheTreeAnswersIt) {
  for (const char* op : {"plan", "preview"}) {
    for (const char* input : {"[1]", "\"text\"", "7", R"({"config": 5, "documents": []})", R"({"text": "{\"site\": []}", "documents": []})"}) {
      const json tree = call_api(op, json::parse(input));
      EXPECT_FALSE(tree.value("ok", true)) << op << " " << input;
      EXPECT_EQ(call_api_text(op, input, true), json_write(tree, true)) << op << " " << input;
    }
  }
}

}  // namespace
}  // namespace moodle_sync
