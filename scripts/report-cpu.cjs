// Preloaded by the benchmark into the process it measures: reports the CPU time it used (user and system) at exit.
process.on('exit', () => {
  const { userCPUTime, systemCPUTime } = process.resourceUsage();
  process.stderr.write(`\ncpu-us ${userCPUTime} ${systemCPUTime}\n`);
});
