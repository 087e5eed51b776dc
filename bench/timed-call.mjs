// One operation of the core's JSON API called `runs` times in a row, timed each time: wall time
// and the CPU time of this process (steadier than wall time on a busy machine).
export function timedCalls(core, operation, input, runs) {
  let answer;
  const wall = [];
  const cpu = [];
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    answer = core.call(operation, input);
    const used = process.cpuUsage(cpuStart);
    wall.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  return { answer, wall, cpu };
}
