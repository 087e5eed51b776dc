// One piece of work done `runs` times in a row, timed each time: wall time and the CPU time of this
// process (steadier than wall time on a busy machine).
export function timedRuns(work, runs) {
  let result;
  const wall = [];
  const cpu = [];
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    result = work();
    const used = process.cpuUsage(cpuStart);
    wall.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  return { result, wall, cpu };
}

// One operation of the core's JSON API, on a JavaScript value (core.call), timed as timedRuns does.
export function timedCalls(core, operation, input, runs) {
  const { result: answer, wall, cpu } = timedRuns(() => core.call(operation, input), runs);
  return { answer, wall, cpu };
}
