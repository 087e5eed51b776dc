// Every file of component vectors, in the order they are generated.
import categories from './categories.mjs';
import templates from './templates.mjs';
import courses from './courses.mjs';
import users from './users.mjs';
import cohorts from './cohorts.mjs';
import memberships from './memberships.mjs';
import deletions from './deletions.mjs';
import templateCopies from './template-copies.mjs';
import retries from './retries.mjs';

export const files = [categories, templates, courses, users, cohorts, memberships, deletions, templateCopies, retries];
