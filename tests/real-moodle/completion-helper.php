<?php
// Completion set-up and read-back on the real Moodle 4.5 lab, through Moodle's own PHP API: no
// web-service function creates activities, completion criteria or a custom report, so the suite
// does here what a teacher or an administrator does in the browser. Prints one line of JSON.
//
//   LAB_DIR=<lab> php completion-helper.php setup '{"courses":[{"id":12,"pages":2,"criteria":true}],"report":true}'
//       per course: `pages` pages with manual completion (testing data generator), and when
//       `criteria` is true the course completion criteria "every one of those pages" (aggregation
//       ALL) saved as course/completion.php saves the form; with `report`, the custom report of
//       the README ("Course participants"). Prints {"courses":{"<id>":{"cmids":[...]}},
//       "reportid":N|null,"timezone":"<the admin's time zone>"}
//   LAB_DIR=<lab> php completion-helper.php criteria '{"courses":[{"id":12,"cmids":[34]}]}'
//       the criteria "every one of these activities", later (as a teacher adds them after learners
//       completed activities). Prints {"ok":true}
//   LAB_DIR=<lab> php completion-helper.php task '{"runs":2}'
//       runs the completion task \core\task\completion_regular_task `runs` times (default 1), a
//       second apart: a run skips the rows it marked for re-aggregation itself. Prints {"runs":n}
//   LAB_DIR=<lab> php completion-helper.php state '{"courses":[12]}'
//       what Moodle stores: course_completions (timecompleted, reaggregate) and the criterion
//       completions of those courses, per course and user id.
define('CLI_SCRIPT', true);
$labdir = getenv('LAB_DIR');
if (!$labdir || !is_file($labdir . '/moodle/config.php')) {
    fwrite(STDERR, "ERROR: set LAB_DIR to an installed lab (LAB_DIR/moodle/config.php not found)\n");
    exit(1);
}
require $labdir . '/moodle/config.php';
require_once($CFG->libdir . '/completionlib.php');
require_once($CFG->dirroot . '/completion/criteria/completion_criteria_activity.php');
require_once($CFG->libdir . '/testing/generator/lib.php');

\core\session\manager::set_user(get_admin());

/** The task's progress lines go to stderr: stdout holds only the JSON answer. */
function trace_to_stderr($string, $eol) {
    fwrite(STDERR, $string . $eol);
}
$CFG->mtrace_wrapper = 'trace_to_stderr';

$op = $argv[1] ?? '';
$args = isset($argv[2]) ? json_decode($argv[2], true) : [];
if (!is_array($args)) {
    fwrite(STDERR, "ERROR: the second argument must be a JSON object\n");
    exit(1);
}

/** Pages with manual completion (tracking 1), as a teacher adds them. */
function add_pages(stdClass $course, int $count): array {
    $generator = new testing_data_generator();
    $cmids = [];
    for ($i = 1; $i <= $count; $i++) {
        $page = $generator->create_module('page', [
            'course' => $course->id,
            'name' => "Completion page $i",
            'completion' => COMPLETION_TRACKING_MANUAL,
        ]);
        $cmids[] = (int) $page->cmid;
    }
    return $cmids;
}

/** The course completion criteria "all these activities", saved the way course/completion.php saves its form. */
function set_activity_criteria(stdClass $course, array $cmids): void {
    $completion = new completion_info($course);
    $completion->clear_criteria();
    $data = (object) ['id' => $course->id, 'criteria_activity' => array_fill_keys($cmids, 1)];
    $criterion = new completion_criteria_activity();
    $criterion->update_config($data);
    // Overall, activity, course and role aggregation: ALL, the form's default (it saves all four).
    foreach ([null, COMPLETION_CRITERIA_TYPE_ACTIVITY, COMPLETION_CRITERIA_TYPE_COURSE, COMPLETION_CRITERIA_TYPE_ROLE] as $type) {
        $aggregation = new completion_aggregation(['course' => $course->id, 'criteriatype' => $type]);
        $aggregation->setMethod(COMPLETION_AGGREGATION_ALL);
        $aggregation->save();
    }
}

/**
 * The custom report the README tells an administrator to build: source "Course participants",
 * the course, user, enrolment and course completion columns, the condition "username is not
 * empty" (drops the rows of enrolment methods without users), sorted by course short name then
 * username, and the filter "Course short name" that the pull sets per course.
 */
function create_completion_report(): int {
    $report = \core_reportbuilder\local\helpers\report::create_report((object) [
        'name' => 'moodle-sync completion',
        'source' => \core_course\reportbuilder\datasource\participants::class,
    ], false);
    $id = $report->get('id');
    $columns = [];
    foreach (['course:shortname', 'course:idnumber', 'user:username', 'user:idnumber', 'enrol:name', 'enrolment:status',
              'completion:completed', 'completion:timecompleted', 'completion:progresspercent', 'completion:timeenrolled',
              'completion:timestarted', 'completion:reaggregate'] as $unique) {
        $columns[$unique] = \core_reportbuilder\local\helpers\report::add_report_column($id, $unique);
    }
    // Sorting follows the columns' sort order: course short name (added first) before username.
    foreach (['course:shortname', 'user:username'] as $unique) {
        \core_reportbuilder\local\helpers\report::toggle_report_column_sorting($id, $columns[$unique]->get('id'), true, SORT_ASC);
    }
    \core_reportbuilder\local\helpers\report::add_report_condition($id, 'user:username');
    $instance = \core_reportbuilder\manager::get_report_from_persistent($report);
    $instance->set_condition_values([
        'user:username_operator' => \core_reportbuilder\local\filters\text::IS_NOT_EMPTY,
        'user:username_value' => '',
    ]);
    \core_reportbuilder\local\helpers\report::add_report_filter($id, 'course:shortname');
    return (int) $id;
}

switch ($op) {
    case 'setup':
        $out = ['courses' => [], 'reportid' => null];
        foreach ($args['courses'] ?? [] as $spec) {
            $course = $DB->get_record('course', ['id' => (int) $spec['id']], '*', MUST_EXIST);
            $cmids = add_pages($course, (int) ($spec['pages'] ?? 0));
            if (!empty($spec['criteria'])) {
                set_activity_criteria($course, $cmids);
            }
            $out['courses'][(string) $course->id] = ['cmids' => $cmids];
        }
        if (!empty($args['report'])) {
            $out['reportid'] = create_completion_report();
        }
        $out['timezone'] = \core_date::get_user_timezone(get_admin());
        echo json_encode($out), "\n";
        break;
    case 'criteria':
        foreach ($args['courses'] ?? [] as $spec) {
            $course = $DB->get_record('course', ['id' => (int) $spec['id']], '*', MUST_EXIST);
            set_activity_criteria($course, array_map('intval', $spec['cmids']));
        }
        echo json_encode(['ok' => true]), "\n";
        break;
    case 'task':
        $runs = max(1, (int) ($args['runs'] ?? 1));
        for ($i = 0; $i < $runs; $i++) {
            if ($i > 0) {
                sleep(1);  // the next run must start after the second the previous one re-aggregated in
            }
            (new \core\task\completion_regular_task())->execute();
        }
        echo json_encode(['runs' => $runs]), "\n";
        break;
    case 'state':
        $out = [];
        foreach ($args['courses'] ?? [] as $courseid) {
            $rows = [];
            foreach ($DB->get_records('course_completions', ['course' => (int) $courseid], 'userid') as $r) {
                $rows[(string) $r->userid] = [
                    'timestarted' => (int) $r->timestarted,
                    'timecompleted' => $r->timecompleted === null ? null : (int) $r->timecompleted,
                    'reaggregate' => (int) $r->reaggregate,
                    'criteria' => [],
                ];
            }
            $sql = 'SELECT cc.id, cc.userid, cc.criteriaid, cc.timecompleted
                      FROM {course_completion_crit_compl} cc WHERE cc.course = ? ORDER BY cc.userid, cc.criteriaid';
            foreach ($DB->get_records_sql($sql, [(int) $courseid]) as $r) {
                $rows[(string) $r->userid]['criteria'][] = ['criteriaid' => (int) $r->criteriaid,
                    'timecompleted' => $r->timecompleted === null ? null : (int) $r->timecompleted];
            }
            $out[(string) $courseid] = (object) $rows;
        }
        echo json_encode(['courses' => (object) $out]), "\n";
        break;
    default:
        fwrite(STDERR, "ERROR: unknown operation '$op' (setup, task, state)\n");
        exit(1);
}
