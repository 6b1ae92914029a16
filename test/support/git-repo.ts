// A throwaway git repository for tests of `--new-since`: files written, committed, then changed.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeWorkspace } from './workspace';

export interface GitRepo {
  readonly dir: string;
  /** Commits everything in the work tree; returns the commit's id. */
  commit(message: string): string;
  write(file: string, text: string): void;
  remove(file: string): void;
  git(...args: string[]): string;
}

export function gitRepo(files: Readonly<Record<string, string>>): GitRepo {
  const dir = writeWorkspace(files, 'premortem-git-');
  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=premortem tests', '-c', 'commit.gpgsign=false', ...args], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  git('init', '-q', '-b', 'main');
  return {
    dir,
    git,
    commit(message) {
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD').trim();
    },
    write(file, text) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    },
    remove(file) {
      fs.rmSync(path.join(dir, file));
    },
  };
}
