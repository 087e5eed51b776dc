// Names of real Moodle 4.5 web-service functions. A name on this list that the simulator does not
// implement answers like a function missing from the token's service (accessexception), as on the
// real site; any other unknown name answers invalidrecord (no row in external_functions).

export const KNOWN_MOODLE_FUNCTIONS = new Set([
  'core_auth_confirm_user', 'core_auth_request_password_reset', 'core_badges_get_user_badges',
  'core_blog_get_entries', 'core_calendar_create_calendar_events', 'core_calendar_delete_calendar_events',
  'core_calendar_get_calendar_events', 'core_cohort_add_cohort_members', 'core_cohort_create_cohorts',
  'core_cohort_delete_cohort_members', 'core_cohort_delete_cohorts', 'core_cohort_get_cohort_members',
  'core_cohort_get_cohorts', 'core_cohort_search_cohorts', 'core_cohort_update_cohorts',
  'core_comment_get_comments', 'core_competency_list_competencies', 'core_completion_get_activities_completion_status',
  'core_completion_get_course_completion_status', 'core_completion_mark_course_self_completed',
  'core_completion_update_activity_completion_status_manually', 'core_completion_override_activity_completion_status',
  'core_course_add_content_item_to_user_favourites', 'core_course_check_updates', 'core_course_create_categories',
  'core_course_create_courses', 'core_course_delete_categories', 'core_course_delete_courses',
  'core_course_delete_modules', 'core_course_duplicate_course', 'core_course_edit_module', 'core_course_edit_section',
  'core_course_get_categories', 'core_course_get_contents', 'core_course_get_course_module',
  'core_course_get_course_module_by_instance', 'core_course_get_courses', 'core_course_get_courses_by_field',
  'core_course_get_enrolled_courses_by_timeline_classification', 'core_course_get_recent_courses',
  'core_course_get_updates_since', 'core_course_get_user_administration_options', 'core_course_get_user_navigation_options',
  'core_course_import_course', 'core_course_search_courses', 'core_course_update_categories',
  'core_course_update_courses', 'core_course_view_course', 'core_enrol_get_course_enrolment_methods',
  'core_enrol_get_enrolled_users', 'core_enrol_get_enrolled_users_with_capability', 'core_enrol_get_users_courses',
  'core_enrol_search_users', 'core_enrol_submit_user_enrolment_form', 'core_enrol_unenrol_user_enrolment',
  'core_files_get_files', 'core_files_upload', 'core_grades_get_gradeitems', 'core_grades_update_grades',
  'core_group_add_group_members', 'core_group_create_groupings', 'core_group_create_groups',
  'core_group_delete_group_members', 'core_group_delete_groups', 'core_group_get_course_groups',
  'core_group_get_groups', 'core_message_send_instant_messages', 'core_notes_create_notes',
  'core_role_assign_roles', 'core_role_unassign_roles', 'core_search_get_results', 'core_tag_get_tags',
  'core_user_add_user_device', 'core_user_agree_site_policy', 'core_user_create_users', 'core_user_delete_users',
  'core_user_get_course_user_profiles', 'core_user_get_users', 'core_user_get_users_by_field',
  'core_user_get_user_preferences', 'core_user_search_identity', 'core_user_set_user_preferences',
  'core_user_update_picture', 'core_user_update_user_preferences', 'core_user_update_users',
  'core_user_view_user_profile', 'core_webservice_get_site_info', 'enrol_guest_get_instance_info',
  'enrol_manual_enrol_users', 'enrol_manual_unenrol_users', 'enrol_self_enrol_user', 'enrol_self_get_instance_info',
  'gradereport_user_get_grade_items', 'mod_assign_get_assignments', 'mod_forum_get_forums_by_courses',
  'mod_page_get_pages_by_courses', 'mod_quiz_get_quizzes_by_courses', 'mod_resource_get_resources_by_courses',
  'tool_mobile_get_config', 'tool_mobile_get_public_config',
]);

/** The moodle_sync service as configured on the recorded site (its own order, not alphabetical). */
export const RECORDED_SERVICE_ORDER = [
  'core_cohort_add_cohort_members', 'core_cohort_create_cohorts', 'core_cohort_delete_cohort_members',
  'core_cohort_delete_cohorts', 'core_cohort_get_cohort_members', 'core_cohort_search_cohorts',
  'core_cohort_get_cohorts', 'core_cohort_update_cohorts', 'core_completion_get_course_completion_status',
  'core_course_create_categories', 'core_course_create_courses', 'core_course_delete_categories',
  'core_course_delete_courses', 'core_course_duplicate_course', 'core_course_get_categories',
  'core_course_get_courses', 'core_course_update_categories', 'core_course_update_courses',
  'core_course_get_courses_by_field', 'core_enrol_get_enrolled_users', 'core_role_assign_roles',
  'core_role_unassign_roles', 'core_user_create_users', 'core_user_delete_users', 'core_user_get_users',
  'core_user_get_users_by_field', 'core_user_update_users', 'core_webservice_get_site_info',
  'enrol_manual_enrol_users', 'enrol_manual_unenrol_users',
];
