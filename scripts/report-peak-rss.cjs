// Preloaded by the benchmark into the process it measures: reports the peak resident set size and the CPU
// time (user and system) at exit.
process.on('exit', () => {
  const usage = process.resourceUsage();
  process.stderr.write(`\npeak-rss-kb ${usage.maxRSS}\ncpu-us ${usage.userCPUTime + usage.systemCPUTime}\n`);
});
