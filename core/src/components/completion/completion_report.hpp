#pragma once
// Reading the custom report a pull may use ("Course participants" with the course completion
// columns, read by core_reportbuilder_retrieve_report): its columns are found by their header
// titles, and its cells are display strings ("Yes", "33.3%", "Saturday, 5 December 2026, 11:58 PM").
#include <optional>
#include <string>
#include <vector>

#include "moodle_sync/json.hpp"

namespace moodle_sync {

// The position of each column the pull reads; -1 when the report lacks it.
struct ReportColumns {
  int course_idnumber = -1, username = -1, user_idnumber = -1, status = -1, completed = -1, time_completed = -1, progress = -1;
};

// The header titles the pull needs, in the order a person reads them in the report builder.
std::vector<std::string> needed_report_headers(bool with_progress);

// Finds the columns by title; an empty string when every needed one is there, otherwise what is
// missing and the titles expected.
std::string find_report_columns(const json& headers, bool with_progress, ReportColumns& out);

// One learner's row of the report (method rows without a user have an empty username).
struct ReportRow {
  std::string course_idnumber, username, user_idnumber;
  bool active = false;               // enrolment status "Active"
  std::optional<bool> completed;     // "Yes" / "No"; none for "" (no course completion row yet)
  std::string time_completed;        // the display string, "" when not set
  std::optional<double> progress;    // "33.3%" -> 33.3
};

// A row's cells by the columns found; false when the row is not a list of cells.
bool read_report_row(const json& row, const ReportColumns& columns, ReportRow& out);

// "33.3%" -> 33.3; none for "" or anything else.
std::optional<double> report_percent(const json& cell);

// "Saturday, 5 December 2026, 11:58 PM" -> the wall-clock time it shows, as unix seconds read as
// if it were UTC (minute precision). The weekday is ignored; 24-hour times, short month names and
// "December 5, 2026" are read too. None when the text is not such a date.
std::optional<long long> report_wall_time(const std::string& text);

}  // namespace moodle_sync
