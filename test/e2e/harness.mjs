// The machinery of the real-editor tests: a code-server (VS Code's own server and web workbench) per
// scenario with fresh user-data and extensions folders, a headless Debian Chromium driven by
// playwright-core, and helpers that wait on what the workbench shows. Nothing here sleeps for a fixed time:
// every wait polls an observable condition and fails with a description of it after a timeout.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Waits until `check` returns a truthy value (which it returns) or throws after `timeout` ms. */
export async function waitFor(what, check, { timeout = 60_000, interval = 100 } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout / 1000}s waiting for ${what}${last ? ` (last seen: ${JSON.stringify(last).slice(0, 500)})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** Runs a command to completion, failing with its output when it exits non-zero. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status ?? result.signal}\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/** A fresh folder under the system temp dir, removed by `cleanup`. */
export function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * One code-server with its own user data, extensions and config folders. `extensions` are VSIX paths,
 * installed through code-server's CLI just as a user would install them.
 */
export class CodeServer {
  constructor(executable, dir) {
    this.executable = executable;
    this.dir = dir;
    this.userData = path.join(dir, 'data');
    this.extensionsDir = path.join(dir, 'extensions');
    this.log = '';
    this.process = undefined;
    this.url = undefined;
  }

  get env() {
    // code-server and VS Code keep config, state and caches under XDG folders; keep them in the scenario's folder.
    return {
      ...process.env,
      XDG_CONFIG_HOME: path.join(this.dir, 'config'),
      XDG_DATA_HOME: path.join(this.dir, 'share'),
      XDG_CACHE_HOME: path.join(this.dir, 'cache'),
    };
  }

  get commonArgs() {
    return ['--user-data-dir', this.userData, '--extensions-dir', this.extensionsDir, '--config', path.join(this.dir, 'config.yaml')];
  }

  writeSettings(settings) {
    const file = path.join(this.userData, 'User', 'settings.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(settings, null, 2));
  }

  install(vsix) {
    run(this.executable, [...this.commonArgs, '--install-extension', vsix], { env: this.env });
  }

  listExtensions() {
    return run(this.executable, [...this.commonArgs, '--list-extensions', '--show-versions'], { env: this.env })
      .trim()
      .split('\n');
  }

  /** Starts the server on a free port of 127.0.0.1 and resolves with its URL once it listens. */
  async start() {
    // Port 0 lets the system pick a free port; code-server prints the address it got.
    this.process = spawn(
      this.executable,
      [
        ...this.commonArgs,
        '--auth',
        'none',
        '--bind-addr',
        '127.0.0.1:0',
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
      ],
      { env: this.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    const append = (chunk) => {
      this.log += chunk.toString();
    };
    this.process.stdout.on('data', append);
    this.process.stderr.on('data', append);
    this.process.on('error', (error) => append(`\n${error.stack}\n`));
    const state = await waitFor(
      'code-server to listen',
      () => {
        if (this.process.exitCode !== null || this.process.signalCode !== null) return { exited: true };
        const url = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(this.log)?.[1];
        return url ? { url } : /\bError: spawn\b/.test(this.log) && { exited: true };
      },
      { timeout: 120_000 },
    );
    if (!state.url) throw new Error(`code-server exited (${this.process.exitCode ?? this.process.signalCode}):\n${this.log}`);
    const url = state.url;
    this.url = url.replace(/\/$/, '');
    return this.url;
  }

  /** Stops the server and everything it started (its process group: extension host, language server). */
  async stop() {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 10_000);
    await exited;
    clearTimeout(timer);
    // Children that outlived code-server (same group) get no second chance.
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // none left
    }
  }
}

/**
 * Debian's Chromium, headless, with the flags that work as root on these machines. Its config and cache
 * folders (crash reports) go under `dir`, not the user's home.
 */
export async function launchBrowser(dir) {
  const executablePath = process.env.PREMORTEM_E2E_CHROMIUM ?? '/usr/bin/chromium';
  return chromium.launch({
    executablePath,
    headless: true,
    env: { ...process.env, XDG_CONFIG_HOME: path.join(dir, 'browser-config'), XDG_CACHE_HOME: path.join(dir, 'browser-cache') },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Saves a screenshot, the page's text and code-server's logs for a failed scenario. */
export async function saveFailure(name, page, server) {
  const dir = path.join(ROOT, '.e2e', `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  fs.mkdirSync(dir, { recursive: true });
  if (page) {
    await page.screenshot({ path: path.join(dir, 'screenshot.png') }).catch(() => undefined);
    const text = await page.evaluate(() => document.body.innerText).catch((e) => `(no text: ${e})`);
    fs.writeFileSync(path.join(dir, 'page.txt'), text);
  }
  if (server) {
    fs.writeFileSync(path.join(dir, 'code-server.log'), server.log);
    const logs = path.join(server.userData, 'logs');
    if (fs.existsSync(logs)) fs.cpSync(logs, path.join(dir, 'logs'), { recursive: true });
  }
  return dir;
}
