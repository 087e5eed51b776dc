// "Download plan as JSON": the plan's bytes exactly as the command line prints them.

export const PLAN_FILENAME = 'moodle-sync-plan.json';

export function downloadText(text, filename = PLAN_FILENAME) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the download once the click has been handled.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
