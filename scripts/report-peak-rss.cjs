// Preloaded by the benchmark into the process it measures: reports the peak resident set size at exit.
process.on('exit', () => {
  process.stderr.write(`\npeak-rss-kb ${process.resourceUsage().maxRSS}\n`);
});
