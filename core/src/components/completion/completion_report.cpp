// The report's display strings read robustly: a column moved or renamed is found or refused by its
// title, never read by position; a date is read by its parts, whatever punctuation joins them.
#include "components/completion/completion_report.hpp"

#include <cctype>
#include <cstdlib>

#include "moodle_sync/transforms.hpp"

namespace moodle_sync {
namespace {

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
long long days_from_civil(long long y, long long m, long long d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const long long yoe = y - era * 400;
  const long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int month_of(const std::string& word) {
  static const char* names[] = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"};
  if (word.size() < 3) return 0;
  for (int i = 0; i < 12; ++i) {
    std::string name = names[i];
    if (word == name || (word.size() <= name.size() && name.compare(0, word.size(), word) == 0 && word.size() >= 3)) return i + 1;
  }
  return 0;
}

bool all_digits(const std::string& t) {
  return !t.empty() && t.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

std::vector<std::string> needed_report_headers(bool with_progress) {
  std::vector<std::string> out = {"Course ID number", "Username", "ID number", "Status", "Completed", "Time completed"};
  if (with_progress) out.push_back("Student progress");
  return out;
}

std::string find_report_columns(const json& headers, bool with_progress, ReportColumns& out) {
  out = ReportColumns{};
  if (!headers.is_array()) return "the report's answer has no list of column headers";
  auto at = [&](const std::string& title) {
    for (std::size_t i = 0; i < headers.size(); ++i) {
      if (headers[i].is_string() && headers[i].get<std::string>() == title) return static_cast<int>(i);
    }
    return -1;
  };
  out.course_idnumber = at("Course ID number");
  out.username = at("Username");
  out.user_idnumber = at("ID number");
  out.status = at("Status");
  out.completed = at("Completed");
  out.time_completed = at("Time completed");
  out.progress = at("Student progress");
  std::string missing, expected;
  for (const auto& title : needed_report_headers(with_progress)) {
    expected += (expected.empty() ? "\"" : ", \"") + title + "\"";
    if (at(title) < 0) missing += (missing.empty() ? "\"" : ", \"") + title + "\"";
  }
  if (missing.empty()) return {};
  return "the report lacks the column(s) " + missing + "; the completion report needs the columns " + expected;
}

bool read_report_row(const json& row, const ReportColumns& c, ReportRow& out) {
  const json& cells = row.is_object() ? row.value("columns", json()) : json();
  if (!cells.is_array()) return false;
  auto text = [&](int i) {
    return i >= 0 && static_cast<std::size_t>(i) < cells.size() && cells[static_cast<std::size_t>(i)].is_string()
               ? cells[static_cast<std::size_t>(i)].get<std::string>()
               : std::string();
  };
  out = ReportRow{};
  out.course_idnumber = text(c.course_idnumber);
  out.username = text(c.username);
  out.user_idnumber = text(c.user_idnumber);
  out.active = text(c.status) == "Active";
  std::string done = text(c.completed);
  if (done == "Yes") out.completed = true;
  else if (done == "No") out.completed = false;
  out.time_completed = text(c.time_completed);
  if (c.progress >= 0 && static_cast<std::size_t>(c.progress) < cells.size()) out.progress = report_percent(cells[static_cast<std::size_t>(c.progress)]);
  return true;
}

std::optional<double> report_percent(const json& cell) {
  if (!cell.is_string()) return std::nullopt;
  std::string t = cell.get<std::string>();
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.pop_back();
  if (t.empty() || t.back() != '%') return std::nullopt;
  t.pop_back();
  char* end = nullptr;
  double v = std::strtod(t.c_str(), &end);
  if (end == t.c_str() || *end != '\0' || v < 0 || v > 100) return std::nullopt;
  return v;
}

std::optional<long long> report_wall_time(const std::string& text) {
  std::vector<std::string> tokens;
  std::string cur;
  for (char ch : text) {
    if (std::isalnum(static_cast<unsigned char>(ch)) || ch == ':') {
      cur += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    } else if (!cur.empty()) {
      tokens.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) tokens.push_back(cur);
  long long day = 0, month = 0, year = 0, hour = -1, minute = -1;
  int half = 0;  // 1 am, 2 pm
  for (std::string t : tokens) {
    // "11:58pm" written together
    if (t.size() > 2 && (t.compare(t.size() - 2, 2, "am") == 0 || t.compare(t.size() - 2, 2, "pm") == 0) && t.find(':') != std::string::npos) {
      half = t[t.size() - 2] == 'a' ? 1 : 2;
      t = t.substr(0, t.size() - 2);
    }
    if (t == "am" || t == "pm") {
      half = t == "am" ? 1 : 2;
    } else if (auto colon = t.find(':'); colon != std::string::npos) {
      std::string h = t.substr(0, colon), rest = t.substr(colon + 1);
      std::string m = rest.substr(0, rest.find(':'));
      if (!all_digits(h) || !all_digits(m) || h.size() > 2 || m.size() != 2 || hour >= 0) return std::nullopt;
      hour = std::stoll(h);
      minute = std::stoll(m);
    } else if (all_digits(t)) {
      if (t.size() == 4 && !year) year = std::stoll(t);
      else if (t.size() <= 2 && !day) day = std::stoll(t);
      else return std::nullopt;
    } else if (int m = month_of(t); m && !month) {
      month = m;
    }
    // Any other word (the weekday, "at") carries nothing.
  }
  if (!day || !month || !year || hour < 0 || minute < 0 || minute > 59) return std::nullopt;
  if (half) {
    if (hour < 1 || hour > 12) return std::nullopt;
    hour = hour % 12 + (half == 2 ? 12 : 0);
  } else if (hour > 23) {
    return std::nullopt;
  }
  static const int days_in[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (day > days_in[month - 1]) return std::nullopt;
  if (month == 2 && day == 29 && !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))) return std::nullopt;
  return days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60;
}

}  // namespace moodle_sync
