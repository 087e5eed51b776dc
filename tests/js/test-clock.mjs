// The clock every test gives the simulator: one fixed second (2026-11-25 12:18:38 UTC, the lab's
// clock while the Moodle 4.5 recordings were made), so that no test depends on the day it runs.
export const TEST_NOW = 1795609118;
export const testClock = () => TEST_NOW;
