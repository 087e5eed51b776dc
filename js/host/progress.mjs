// A progress bar on a terminal (entities finished out of those in scope); silent otherwise.
import cliProgress from 'cli-progress';

export function createProgress(stream = process.stderr) {
  if (!stream.isTTY) return { onAction: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar({
    stream,
    format: 'syncing [{bar}] {value}/{total} entities | {purpose}',
    hideCursor: true,
    clearOnComplete: true,
  }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    onAction(action) {
      if (!action.progress) return;
      if (!started) {
        bar.start(action.progress.total, 0, { purpose: '' });
        started = true;
      }
      bar.setTotal(action.progress.total);
      bar.update(action.progress.done, { purpose: action.purpose ?? action.kind });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
