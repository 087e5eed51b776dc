// Replays the ten Moodle 4.5 transcript files, and the project's own recordings of a real Moodle
// 4.5 (tests/simulator/recordings/), against the simulator (see conformance.mjs).

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { RECORDING_DIR, RECORDING_FILES, TRANSCRIPT_FILES, describeFailures, replayTranscript } from './conformance.mjs';

const totals = { passed: 0, knownDifferences: 0, failed: 0, unexpectedPasses: 0 };
const lines = [];

const files = [...TRANSCRIPT_FILES.map((name) => ({ name })), ...RECORDING_FILES.map((name) => ({ name, transcriptDir: RECORDING_DIR }))];

for (const { name, transcriptDir } of files) {
  test(`conformance: ${name}.jsonl`, async (t) => {
    const report = await replayTranscript(name, { transcriptDir });
    for (const key of Object.keys(totals)) totals[key] += report[key];
    const line = `${name}: ${report.passed} passed, ${report.knownDifferences} known differences, ${report.failed} failed`
      + (report.unexpectedPasses ? `, ${report.unexpectedPasses} listed but passing` : '');
    lines.push(line);
    t.diagnostic(line);
    const failures = describeFailures(report);
    assert.equal(failures.length, 0, `\n${failures.join('\n')}`);
  });
}

after(() => {
  const total = `total: ${totals.passed} passed, ${totals.knownDifferences} known differences, ${totals.failed} failed`
    + (totals.unexpectedPasses ? `, ${totals.unexpectedPasses} listed but passing` : '');
  console.log(['conformance with the Moodle 4.5 recordings', ...lines.map((l) => `  ${l}`), `  ${total}`].join('\n'));
});
