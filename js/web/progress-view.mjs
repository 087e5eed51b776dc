// The progress of a plan: a <progress> bar (indeterminate while the total is not known) and a
// status line read out by screen readers, for loading the core, reading Drupal and Moodle, planning.

const STAGES = {
  export: 'Reading the export',
  drupal: 'Reading Drupal',
  moodle: 'Reading Moodle',
  plan: 'Planning',
};

export function createProgress(bar, text) {
  return {
    start(message) {
      bar.hidden = false;
      bar.removeAttribute('value');
      text.textContent = message;
    },
    /** An update from the planner: {stage, done, total?, message}. */
    update({ stage, done, total, message }) {
      bar.hidden = false;
      if (Number.isFinite(total) && total > 0) {
        bar.max = total;
        bar.value = Math.min(done ?? 0, total);
      } else {
        bar.removeAttribute('value');
      }
      const what = STAGES[stage] ?? 'Working';
      const count = Number.isFinite(total) && total > 0 ? ` (${done} of ${total})` : Number.isFinite(done) && done > 0 ? ` (${done})` : '';
      text.textContent = message ? `${what}: ${message}${count}` : `${what}…${count}`;
    },
    finish(message) {
      bar.hidden = true;
      bar.max = 1;
      bar.value = 0;
      text.textContent = message;
    },
  };
}
