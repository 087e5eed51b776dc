// The configuration input: a textarea that can also be filled from a file, validated by the core
// as the administrator types. Every issue is listed with its JSON path.

import { issueItems } from './issue-list.mjs';
import { decodeUtf8 } from '../utf8-text.mjs';

const DEFAULT_NAME = 'moodle-sync.json';

/**
 * @param elements {textarea, fileInput, status, issues}
 * @param validate async (text, name) -> {ok: true} | {ok: false, issues: [{path, message}]}
 * @param delayMs how long typing must pause before the text is validated
 * @param onReplaced called when the configuration is no longer the one that was loaded: another
 *   file opened, or the text edited by hand
 */
export function createConfigEditor({ textarea, fileInput, status, issues }, { validate, delayMs = 200, onReplaced = () => {} }) {
  let name = DEFAULT_NAME;
  let timer = null;
  // Answers can come back out of order: only the newest request's answer is shown.
  let generation = 0;

  async function check() {
    clearTimeout(timer);
    timer = null;
    const mine = ++generation;
    const text = textarea.value;
    if (text.trim() === '') {
      show({ state: 'empty' });
      return;
    }
    let answer;
    try {
      answer = await validate(text, name);
    } catch (e) {
      answer = { ok: false, issues: [{ path: '', message: `could not be checked: ${e.message}` }] };
    }
    if (mine !== generation) return;
    show(answer.ok ? { state: 'valid' } : { state: 'invalid', issues: answer.issues ?? [] });
  }

  function show({ state, issues: list = [] }) {
    textarea.setAttribute('aria-invalid', String(state === 'invalid'));
    status.dataset.state = state;
    issues.replaceChildren(...issueItems(list));
    if (state === 'empty') status.textContent = 'Paste a configuration or open its file.';
    else if (state === 'valid') status.textContent = `${name}: the configuration is valid.`;
    else status.textContent = `${name}: ${list.length} ${list.length === 1 ? 'issue' : 'issues'}.`;
  }

  textarea.addEventListener('input', () => {
    onReplaced();
    clearTimeout(timer);
    timer = setTimeout(check, delayMs);
  });

  fileInput.addEventListener('change', async () => {
    const file = fileInput.files?.[0];
    if (!file) return;
    onReplaced();
    let text;
    try {
      // A wrong byte is refused, as the CLI refuses it, not silently turned into U+FFFD.
      text = decodeUtf8(await file.arrayBuffer());
    } catch (e) {
      textarea.value = '';
      name = file.name;
      generation += 1;
      show({ state: 'invalid', issues: [{ path: '$', message: e.message }] });
      return;
    }
    setText(text, file.name);
  });

  function setText(text, newName = DEFAULT_NAME) {
    textarea.value = text;
    name = newName;
    return check();
  }

  return {
    text: () => textarea.value,
    name: () => name,
    setText,
    /** Validates now (e.g. once the planner has started). */
    check,
  };
}
