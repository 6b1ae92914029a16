// The --new-since measurement of `npm run bench` (issue #14): the corpus's largest repository (cds-snc) as
// a git repository with one commit, then one resource appended to one file, and `scan --new-since HEAD` as
// CI runs it, a fresh process each time. Prints { wallMs, cpuMs, runs, findings } as JSON.
//   node scripts/bench-new-since.mjs CORPUS
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const corpus = process.argv[2];
const source = join(corpus, 'cds-snc__notification-terraform');
if (!existsSync(source)) {
  console.log(JSON.stringify({ skipped: `no ${source}` }));
  process.exit(0);
}
const cli = join(import.meta.dirname, '..', 'dist', 'cli.js');
const repo = mkdtempSync(join(tmpdir(), 'premortem-bench-new-since-'));
try {
  cpSync(source, repo, { recursive: true });
  const git = (...args) => {
    const result = spawnSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args], { cwd: repo, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  };
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'corpus');
  // One change in one module, which adds one finding: a hard-coded AMI.
  appendFileSync(
    join(repo, 'aws', 'common', 'sqs.tf'),
    '\nresource "aws_instance" "bench_added" {\n  ami           = "ami-0f3c9b7e21d4a6805"\n  instance_type = "t3.micro"\n}\n',
  );
  const runs = [];
  const cpu = [];
  let findings;
  for (let i = 0; i < 7; i++) {
    const before = process.hrtime.bigint();
    // The preload prints the process's own CPU time at exit: on a shared machine, wall time also waits on others.
    const run = spawnSync(
      process.execPath,
      ['--require', join(import.meta.dirname, 'report-cpu.cjs'), cli, 'scan', '.', '--new-since', 'HEAD', '--format', 'json'],
      { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 28 },
    );
    const wallMs = Number(process.hrtime.bigint() - before) / 1e6;
    if (run.status !== 0 && run.status !== 1) throw new Error(`scan --new-since exited ${run.status}: ${run.stderr}`);
    findings = JSON.parse(run.stdout).findings.length;
    runs.push(wallMs);
    const used = /cpu-us (\d+) (\d+)/.exec(run.stderr);
    cpu.push(used ? (Number(used[1]) + Number(used[2])) / 1000 : NaN);
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  console.log(JSON.stringify({ wallMs: median(runs), cpuMs: median(cpu), runs, findings }));
} finally {
  rmSync(repo, { recursive: true, force: true });
}
