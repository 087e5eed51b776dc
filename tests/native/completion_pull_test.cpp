// The completion pull's pieces that are not engine decisions: the status answers, the report's
// cells and dates, the time zone's offsets, and the plan value of a dry run. Answer bodies are
// those recorded from Moodle 4.5 (moodle-4.5-transcripts/completion.jsonl).
#include <gtest/gtest.h>

#include <fstream>

#include "components/completion/completion_report.hpp"
#include "components/completion/completion_status.hpp"
#include "components/completion/completion_fields.hpp"
#include "moodle_sync/completion_input.hpp"
#include "moodle_sync/engine.hpp"

using namespace moodle_sync;

namespace {

MoodleAnswer answer(const std::string& body) { return decode_answer(HttpReply{200, "application/json", body, ""}); }

const char* kAllDone = R"REC({"completionstatus":{"completed":true,"aggregation":1,"completions":[{"type":4,"title":"Activity completion","status":"Yes","complete":true,"timecompleted":1796515127,"details":{"type":"Activity completion","criteria":"<a href=\"http:\/\/127.0.0.1:8080\/mod\/page\/view.php?id=117\">tu_cmp page 1 (manual)<\/a>","requirement":"Marking yourself complete","status":""}},{"type":4,"title":"Activity completion","status":"Yes","complete":true,"timecompleted":1796515127,"details":{"type":"Activity completion","criteria":"<a href=\"http:\/\/127.0.0.1:8080\/mod\/page\/view.php?id=118\">tu_cmp page 2 (manual)<\/a>","requirement":"Marking yourself complete","status":""}},{"type":4,"title":"Activity completion","status":"Yes","complete":true,"timecompleted":1796515128,"details":{"type":"Activity completion","criteria":"<a href=\"http:\/\/127.0.0.1:8080\/mod\/assign\/view.php?id=119\">tu_cmp assignment (automatic: submit)<\/a>","requirement":"","status":""}}]},"warnings":[]})REC";
const char* kPartial = R"REC({"completionstatus":{"completed":false,"aggregation":1,"completions":[{"type":4,"title":"Activity completion","status":"Yes","complete":true,"timecompleted":1796515126,"details":{"type":"Activity completion","criteria":"<a href=\"http:\/\/127.0.0.1:8080\/mod\/page\/view.php?id=117\">tu_cmp page 1 (manual)<\/a>","requirement":"Marking yourself complete","status":""}},{"type":4,"title":"Activity completion","status":"No","complete":false,"timecompleted":null,"details":{"type":"Activity completion","criteria":"<a href=\"http:\/\/127.0.0.1:8080\/mod\/page\/view.php?id=118\">tu_cmp page 2 (manual)<\/a>","requirement":"Marking yourself complete","status":""}},{"type":4,"title":"Activity completion","status":"No","complete":false,"timecompleted":null,"details":{"type":"Activity completion","criteria":"<a href=\"http:\/\/127.0.0.1:8080\/mod\/assign\/view.php?id=119\">tu_cmp assignment (automatic: submit)<\/a>","requirement":"","status":""}}]},"warnings":[]})REC";
const char* kActivitiesPartial = R"REC({"statuses":[{"cmid":117,"modname":"page","instance":23,"state":1,"timecompleted":1796515126,"tracking":1,"overrideby":null,"valueused":false,"hascompletion":true,"isautomatic":false,"istrackeduser":true,"uservisible":true,"details":[],"isoverallcomplete":true},{"cmid":118,"modname":"page","instance":24,"state":0,"timecompleted":0,"tracking":1,"overrideby":null,"valueused":false,"hascompletion":true,"isautomatic":false,"istrackeduser":true,"uservisible":true,"details":[],"isoverallcomplete":false},{"cmid":119,"modname":"assign","instance":6,"state":0,"timecompleted":0,"tracking":2,"overrideby":null,"valueused":false,"hascompletion":true,"isautomatic":true,"istrackeduser":true,"uservisible":true,"details":[{"rulename":"completionsubmit","rulevalue":{"status":0,"description":"Make a submission"}}],"isoverallcomplete":false}],"warnings":[]})REC";
const char* kActivitiesOff = R"REC({"statuses":[],"warnings":[]})REC";

// Europe/Paris from the summer of 2025: CEST from 30 March 2025, CET from 26 October 2025, CEST from
// 29 March 2026 01:00 UTC, CET from 25 October 2026 01:00 UTC.
const std::vector<std::pair<long long, long long>> kParis = {{1743296400, 7200}, {1761440400, 3600}, {1774746000, 7200}, {1792890000, 3600}};

long long wall(const char* text) { return report_wall_time(text).value(); }

TEST(CompletionStatus, TheDateIsTheLatestCriterionTime) {
  CourseCompletionStatus s = course_completion_status(answer(kAllDone));
  ASSERT_TRUE(s.ok);
  EXPECT_TRUE(s.completed);
  EXPECT_EQ(s.date, 1796515128);  // the assignment, one second after the two pages
}

TEST(CompletionStatus, APartialCompletionIsNotCompleteAndKeepsItsCriterionTime) {
  CourseCompletionStatus s = course_completion_status(answer(kPartial));
  ASSERT_TRUE(s.ok);
  EXPECT_FALSE(s.completed);
  EXPECT_EQ(s.date, 1796515126);
}

TEST(CompletionStatus, TheRecordedSkipErrorsAreSkipsNotFailures) {
  EXPECT_EQ(course_completion_status(answer(R"REC({"exception":"core\\exception\\moodle_exception","errorcode":"usernotenroled","message":"User is not enrolled in this course"})REC")).skip, kSkipNotEnrolled);
  EXPECT_EQ(course_completion_status(answer(R"REC({"exception":"core\\exception\\moodle_exception","errorcode":"nocriteriaset","message":"No completion criteria set for this course"})REC")).skip_code, "nocriteriaset");
  EXPECT_EQ(course_completion_status(answer(R"REC({"exception":"core\\exception\\moodle_exception","errorcode":"cannotviewreport","message":"You cannot view this report"})REC")).skip, kSkipCompletionOff);
}

TEST(CompletionStatus, OtherErrorsAreClassifiedAsMoodleErrorsAre) {
  CourseCompletionStatus missing = course_completion_status(answer(R"REC({"exception":"dml_missing_record_exception","errorcode":"invalidrecord","message":"Can't find data record in database table course."})REC"));
  EXPECT_FALSE(missing.ok);
  EXPECT_TRUE(missing.skip.empty());
  EXPECT_EQ(missing.error.errorcode, "invalidrecord");
  CourseCompletionStatus service = course_completion_status(answer(R"REC({"exception":"webservice_access_exception","errorcode":"accessexception","message":"Access control exception"})REC"));
  EXPECT_EQ(service.error.error_class, ErrorClass::credentials);
}

TEST(CompletionStatus, AnAnswerOfAnotherShapeIsAProtocolErrorNotIncomplete) {
  CourseCompletionStatus s = course_completion_status(answer(R"({"completionstatus":{"aggregation":1}})"));
  EXPECT_FALSE(s.ok);
  EXPECT_EQ(s.error.error_class, ErrorClass::protocol);
  EXPECT_FALSE(activities_completion_status(answer("[]")).ok);
}

TEST(ActivitiesStatus, CountsStatesOneAndTwoAmongTheTrackedActivities) {
  ActivitiesCompletionStatus a = activities_completion_status(answer(kActivitiesPartial));
  ASSERT_TRUE(a.ok);
  EXPECT_EQ(a.completed, 1);
  EXPECT_EQ(a.tracked, 3);
  ActivitiesCompletionStatus pass = activities_completion_status(
      answer(R"({"statuses":[{"cmid":1,"state":2,"tracking":2},{"cmid":2,"state":3,"tracking":2},{"cmid":3,"state":1,"tracking":0}],"warnings":[]})"));
  EXPECT_EQ(pass.completed, 1);  // 2 complete-pass counts, 3 complete-fail does not, tracking 0 is no activity
  EXPECT_EQ(pass.tracked, 2);
  ActivitiesCompletionStatus off = activities_completion_status(answer(kActivitiesOff));
  EXPECT_TRUE(off.ok);
  EXPECT_EQ(off.tracked, 0);
}

TEST(ReportCells, DatesAsTheReportShowsThem) {
  EXPECT_EQ(completion_date_text(wall("Saturday, 5 December 2026, 11:58 PM")), "2026-12-05T23:58:00+00:00");
  EXPECT_EQ(wall("Saturday, 5 December 2026, 12:05 AM"), wall("5 Dec 2026, 00:05"));
  EXPECT_EQ(wall("Saturday, 5 December 2026, 12:05 PM"), wall("December 5, 2026 12:05"));
  EXPECT_EQ(wall("5 December 2026, 11:58PM"), wall("5 December 2026, 23:58"));
  EXPECT_FALSE(report_wall_time(""));
  EXPECT_FALSE(report_wall_time("Never"));
  EXPECT_FALSE(report_wall_time("31 February 2026, 10:00 AM"));
  EXPECT_FALSE(report_wall_time("5 December 2026, 13:05 PM"));
  EXPECT_FALSE(report_wall_time("5 December 2026"));  // no time: not a completion time
}

TEST(ReportCells, PercentagesAndYesNo) {
  EXPECT_DOUBLE_EQ(report_percent("33.3%").value(), 33.3);
  EXPECT_DOUBLE_EQ(report_percent("100.0%").value(), 100.0);
  EXPECT_FALSE(report_percent(""));
  EXPECT_FALSE(report_percent(nullptr));
  EXPECT_FALSE(report_percent("33.3"));
  ReportColumns columns;
  json headers = {"Course short name", "Course ID number", "Username", "ID number", "Name", "Status", "Completed", "Time completed", "Student progress"};
  ASSERT_EQ(find_report_columns(headers, true, columns), "");
  ReportRow row;
  ASSERT_TRUE(read_report_row(json{{"columns", {"c", "c_id", "u", "u_id", "Manual enrolments", "Active", "", "", "0.0%"}}}, columns, row));
  EXPECT_FALSE(row.completed.has_value());  // no course completion row yet
  EXPECT_TRUE(row.active);
  ASSERT_TRUE(read_report_row(json{{"columns", {"c", "c_id", "u", "u_id", "Manual enrolments", "Suspended", "No", "", "0.0%"}}}, columns, row));
  EXPECT_EQ(row.completed, false);
  EXPECT_FALSE(row.active);
}

TEST(ReportCells, AMissingColumnIsNamedWithTheExpectedOnes) {
  ReportColumns columns;
  std::string problem = find_report_columns(json{"Course ID number", "Username", "ID number", "Status", "Completed"}, true, columns);
  EXPECT_NE(problem.find("lacks the column(s) \"Time completed\", \"Student progress\""), std::string::npos) << problem;
  EXPECT_NE(problem.find("\"Course ID number\", \"Username\", \"ID number\", \"Status\", \"Completed\", \"Time completed\", \"Student progress\""), std::string::npos);
  EXPECT_EQ(find_report_columns(json{"Course ID number", "Username", "ID number", "Status", "Completed", "Time completed"}, false, columns), "");
}

TEST(TimeZones, SummerAndWinterOffsets) {
  EXPECT_EQ(local_to_utc(wall("1 July 2026, 12:15 PM"), kParis), wall("1 July 2026, 10:15"));
  EXPECT_EQ(local_to_utc(wall("5 December 2026, 11:58 PM"), kParis), wall("5 December 2026, 22:58"));
  EXPECT_EQ(local_to_utc(wall("5 December 2026, 11:58 PM"), {}), wall("5 December 2026, 23:58"));  // no transitions: UTC
}

TEST(TimeZones, TheHourSkippedAndTheHourRepeated) {
  // 29 March 2026: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist and is read with the offset before the jump.
  EXPECT_EQ(local_to_utc(wall("29 March 2026, 02:30"), kParis), wall("29 March 2026, 01:30"));
  EXPECT_EQ(local_to_utc(wall("29 March 2026, 03:30"), kParis), wall("29 March 2026, 01:30"));
  // 25 October 2026: 03:00 CEST goes back to 02:00 CET; 02:30 happens twice, the first is taken.
  EXPECT_EQ(local_to_utc(wall("25 October 2026, 02:30"), kParis), wall("25 October 2026, 00:30"));
  EXPECT_EQ(local_to_utc(wall("25 October 2026, 03:30"), kParis), wall("25 October 2026, 02:30"));
}

TEST(CompletionInputParse, ProblemsNameTheirJsonPath) {
  CompletionInput in;
  EXPECT_EQ(parse_completion_input(nullptr, in), "");
  EXPECT_FALSE(in.given);
  EXPECT_EQ(parse_completion_input(json{{"mode", "pull"}, {"now", 1796600000}, {"since", 1796000000}}, in), "");
  EXPECT_EQ(in.since, 1796000000);
  CompletionInput rfc;
  EXPECT_EQ(parse_completion_input(json{{"mode", "pull"}, {"now", 1796600000}, {"since", "2026-12-03T00:00:00+01:00"}}, rfc), "");
  EXPECT_EQ(rfc.since, wall("2 December 2026, 23:00"));
  CompletionInput bad;
  EXPECT_EQ(parse_completion_input(json{{"mode", "pull"}, {"now", 1}, {"timezone", {{"transitions", {{0, 3600}, {-5, 7200}}}}}}, bad),
            "completion.timezone.transitions[1]: transitions must be in ascending order");
}

// The plan value of a dry run shows per registration the fields old -> new, and no Moodle call.
// The exit code of a pull through the report, for a vector of completion_pull.json (its input and
// scripted answers; every Drupal write accepted).
int report_pull_exit_code(const std::string& name_prefix) {
  std::ifstream file(std::string(MOODLE_SYNC_VECTORS_DIR) + "/completion_pull.json");
  json doc = json::parse(file);
  for (const auto& c : doc["cases"]) {
    if (c["name"].get<std::string>().rfind(name_prefix, 0) != 0) continue;
    json error;
    auto engine = make_engine(c["input"], error);
    if (!engine) return -1;
    std::size_t next = 0;
    const json& answers = c["input"]["answers"];
    for (json a = engine->next(); a["kind"] != "done"; a = engine->next()) {
      if (a["kind"] == "call") engine->feed(next < answers.size() ? answers[next++] : json{{"status", 0}, {"transport_error", "none"}});
      else engine->feed({{"ok", true}});
    }
    return engine->report()["exit_code"].get<int>();
  }
  return -2;
}

TEST(CompletionReportPull, WrongColumnsStopTheRunAsASetupError) {
  EXPECT_EQ(report_pull_exit_code("report path: a report lacking a needed column"), 2);
}

TEST(CompletionReportPull, AReportFailingInTransitFailsItsCourseOnlyNotTheSetup) {
  EXPECT_EQ(report_pull_exit_code("report path: the report's second page (page 1) of one course fails in transit"), 1);
}

TEST(CompletionPlan, ADryRunPlansTheWritesPerRegistration) {
  json config = {{"site", {{"urls", {"https://learn.example.edu"}}}}, {"source", {{"path", "export"}}},
                 {"moodle", {{"url", "https://moodle.example.edu"}, {"retry_delay_ms", 0}}},
                 {"components", {{"users", {{"idnumber_pattern", "tu_cmp_{id}_id"}, {"mapping", {{"firstname", "name"}, {"lastname", "name"}, {"email", "mail"}}}}},
                                 {"completion", {{"registration_type", "registration--r"}, {"user_field", "user_uid"}, {"course_field", "course"},
                                                 {"fields", {{"completed", "field_done"}, {"completed_date", "field_date"}}}}}}}};
  config["components"]["courses"] = {{"bundle", "course"}, {"idnumber_pattern", "tu_cmp_{id}_id"}, {"category", {{"fixed", 1}}},
                                     {"mapping", {{"fullname", "title"}, {"shortname", "title"}}}};
  json docs = json::array();
  docs.push_back({{"name", "all.json"}, {"document", {{"data", {
      {{"type", "user--user"}, {"id", "done"}, {"attributes", {{"drupal_internal__uid", "done"}, {"name", "d"}, {"mail", "d@example.edu"}}}},
      {{"type", "node--course"}, {"id", "main"}, {"attributes", {{"drupal_internal__nid", "main"}, {"title", "Main"}}}},
      {{"type", "registration--r"}, {"id", "r1"}, {"attributes", {{"drupal_internal__id", 1}, {"field_done", false}, {"field_date", nullptr}}},
       {"relationships", {{"user_uid", {{"data", {{"type", "user--user"}, {"id", "done"}}}}}, {"course", {{"data", {{"type", "node--course"}, {"id", "main"}}}}}}}}}}}}});
  json in = {{"config", config}, {"site_url", "https://learn.example.edu"}, {"documents", docs}, {"dry_run", true},
             {"completion", {{"mode", "pull"}, {"now", 1796600000}}}};
  json error;
  auto engine = make_engine(in, error);
  ASSERT_TRUE(engine) << error.dump();
  std::vector<std::string> answers = {
      R"({"courses":[{"id":86,"shortname":"tu_cmp_main","idnumber":"tu_cmp_main_id","enablecompletion":1}],"warnings":[]})",
      R"([{"id":548,"idnumber":"tu_cmp_done_id"}])", kAllDone};
  std::size_t next = 0;
  for (json a = engine->next(); a["kind"] != "done"; a = engine->next()) {
    ASSERT_EQ(a["kind"], "call") << "a dry run writes nothing: " << a.dump();
    engine->feed({{"status", 200}, {"body", next < answers.size() ? answers[next++] : std::string("null")}});
  }
  json plan = engine->plan(false);
  ASSERT_EQ(plan["entities"].size(), 1u);
  const json& e = plan["entities"][0];
  EXPECT_EQ(e["intent"], "update");
  EXPECT_EQ(e["calls"], json::array());
  EXPECT_EQ(e["changes"], (json{{"field_done", {{"old", false}, {"new", true}}}, {"field_date", {{"old", nullptr}, {"new", "2026-12-05T23:58:48+00:00"}}}}));
  EXPECT_EQ(plan["exit_code"], 0);
}

}  // namespace
