// The error of the last plan: its class (config, export, credentials, moodle, drupal, input) and
// message, and for a configuration every issue with its JSON path.

import { issueItems } from './issue-list.mjs';

/** @param error {class, message, issues?} or null to clear */
export function showRunError(element, error) {
  if (!error) {
    element.hidden = true;
    element.replaceChildren();
    delete element.dataset.class;
    return;
  }
  element.dataset.class = error.class;
  const heading = document.createElement('p');
  const kind = document.createElement('strong');
  kind.textContent = `${TITLES[error.class] ?? 'Error'} (${error.class})`;
  heading.append(kind, `: ${error.message}`);
  const parts = [heading];
  if (error.issues?.length) {
    const list = document.createElement('ul');
    list.className = 'issues';
    list.append(...issueItems(error.issues));
    parts.push(list);
  }
  element.replaceChildren(...parts);
  element.hidden = false;
}

const TITLES = {
  config: 'The configuration is not valid',
  export: 'The export cannot be read',
  credentials: 'The credentials were refused',
  moodle: 'Moodle could not be read',
  drupal: 'Drupal could not be read',
  input: 'Something is missing',
};
