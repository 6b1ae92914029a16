// `npm run test:e2e`: premortem in a real VS Code. The packaged VSIX is installed into code-server (VS Code's
// own server, extension host and web workbench, 1.100) and the workbench is driven in headless Chromium by
// playwright-core, as a person would use it: open a file, see the squiggle and the Problems entry, apply
// the preferred quick fix with Ctrl+., run "premortem: Scan Workspace" from the command palette.
//
// Setup (code-server, Chromium) is scripts/setup-e2e.sh, run from here; it is instant once installed.
// Environment: PREMORTEM_E2E_VSIX=<file> tests that VSIX instead of packaging one (quicker when iterating);
// PREMORTEM_E2E_ONLY=<name> runs one scenario. Failures leave a screenshot, the page's text and VS Code's
// logs in .e2e/<scenario>-<time>/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeServer, launchBrowser, ROOT, run, saveFailure, tempDir, waitFor } from './harness.mjs';
import {
  activeEditorTitle,
  codeLensTitles,
  editorLines,
  languageMode,
  notifications,
  openFile,
  openWorkbench,
  problemCounts,
  problemRows,
  runCommand,
  showProblems,
  squigglesOnLine,
  viewRows,
  webviewText,
} from './workbench.mjs';

const RULE = 'terraform-s3-backend-without-locking';
const MESSAGE = 'This S3 backend does not lock the state';
const OPENED = 'keep-last-n-cleanup/main.tf';
const NEVER_OPENED = 'legacy-state/backend.tf';
const TOFU_FILE = 'tofu-state/backend.tofu';
const BACKEND_LINE = 'backend "s3" {';
const PREFERRED_FIX = 'Add use_lockfile = true.';
const SUMMARY = /Scanned (\d+) modules?: (\d+) errors?, (\d+) warnings?, (\d+) info\./;
const LENS_FILE = 'cdn-cookie-caching/policies.tf';
const LENS_TITLE = /^blast radius: 2 cloudfront distributions/;
const LENS_DEPENDENT = 'aws_cloudfront_distribution.app';

const SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  // Problems as a tree, files first, so each marker row sits under its file's row.
  'problems.defaultViewMode': 'tree',
  'problems.sortOrder': 'position',
  // The scenarios that check what a scan adds scan when they say so; 'rule-pages' turns this back on.
  'premortem.scan.onStartup': false,
};

/** Settings some scenarios change. */
const SCENARIO_SETTINGS = {
  'rule-pages': { 'premortem.scan.onStartup': true },
};

/** A rule whose finding is in a file no scenario opens, and whose page links to a sibling page. */
const PAGE_RULE = 'aws-cloudfront-set-cookie-replay';
const PAGE_FILE = 'cdn-cookie-caching/distributions.tf';
const LINKED_RULE = 'aws-cloudfront-static-path-forwards-cookies';

function log(message) {
  console.log(`e2e: ${message}`);
}

let stepStarted = Date.now();
/** Logs a step with the time the previous one took, so a slow or stuck step is easy to find. */
async function step(page, what) {
  log(`  ${what} (+${((Date.now() - stepStarted) / 1000).toFixed(1)}s)`);
  stepStarted = Date.now();
  if (process.env.PREMORTEM_E2E_SCREENSHOTS) {
    const dir = path.join(ROOT, '.e2e', 'steps');
    fs.mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, `${what.replace(/[^a-z0-9]+/gi, '-')}.png`) });
  }
}

/** The README's screenshots, taken only when asked (PREMORTEM_E2E_DOCS=1), into docs/. */
async function saveDocScreenshot(page, name) {
  if (!process.env.PREMORTEM_E2E_DOCS) return;
  const dir = path.join(ROOT, 'docs');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, name) });
}

function setup() {
  const started = Date.now();
  const out = run('bash', [path.join(ROOT, 'scripts', 'setup-e2e.sh')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const codeServer = out.trim().split('\n').pop();
  log(`code-server at ${codeServer} (setup ${((Date.now() - started) / 1000).toFixed(1)}s)`);
  return codeServer;
}

function packagePremortem(dir) {
  if (process.env.PREMORTEM_E2E_VSIX) return path.resolve(process.env.PREMORTEM_E2E_VSIX);
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const vsix = path.join(dir, `premortem-${version}.vsix`);
  const started = Date.now();
  // `npm run package` is vscode:prepublish (type check, production build) and then vsce.
  run('npm', ['run', 'package', '--', '--out', vsix], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  log(`packaged ${path.basename(vsix)} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
  return vsix;
}

/**
 * A stand-in for HashiCorp's Terraform extension or the OpenTofu extension (see the README of
 * test/e2e/terraform-stand-in and test/e2e/opentofu-stand-in).
 */
function packageStandIn(dir, name = 'terraform-stand-in') {
  const vsix = path.join(dir, `${name}.vsix`);
  const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  run(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix], {
    cwd: path.join(ROOT, 'test', 'e2e', name),
  });
  return vsix;
}

/** A copy of examples/ plus test/e2e/workspace/ in a temp folder, so the tests never touch the repo. */
function makeWorkspace(dir) {
  const workspace = path.join(dir, 'workspace');
  fs.cpSync(path.join(ROOT, 'examples'), workspace, { recursive: true });
  fs.cpSync(path.join(ROOT, 'test', 'e2e', 'workspace'), workspace, { recursive: true });
  return workspace;
}

/** Problems rows of our rule for one workspace file. */
async function rowsFor(page, relativePath) {
  return ofFile(await problemRows(page, RULE), relativePath);
}

function ofFile(rows, relativePath) {
  const [folder, file] = [path.posix.dirname(relativePath), path.posix.basename(relativePath)];
  return rows.filter((r) => r.file === file && r.folder === folder && r.text.includes(RULE));
}

/** Waits for our rule's entry for one file; on timeout the error shows every row the panel held. */
async function waitForProblem(page, relativePath) {
  let seen = [];
  try {
    return await waitFor(`a Problems entry for ${RULE} in ${relativePath}`, async () => {
      seen = await problemRows(page, RULE);
      const rows = ofFile(seen, relativePath);
      return rows.length > 0 && rows;
    });
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : error}; Problems showed ${JSON.stringify(seen).slice(0, 1500)}`);
  }
}

async function waitForSummary(page) {
  return waitFor(
    'the scan summary notification',
    async () => {
      for (const text of await notifications(page)) {
        const match = SUMMARY.exec(text);
        if (match) return { text: match[0], modules: Number(match[1]) };
      }
      return false;
    },
    { timeout: 90_000 },
  );
}

/** The warning squiggle on the backend line, as a page rectangle, once the editor shows it. */
async function backendSquiggle(page) {
  const [squiggle] = await waitFor(`a warning squiggle on the line "${BACKEND_LINE}"`, async () => {
    const found = await squigglesOnLine(page, BACKEND_LINE);
    return found.length > 0 && found;
  });
  return squiggle;
}

/** Opens the example and waits for the squiggle and the Problems entry. */
async function openAndSeeFinding(page) {
  await openFile(page, OPENED);
  await step(page, `opened ${OPENED}`);
  await backendSquiggle(page);
  await step(page, 'squiggle shown');
  await showProblems(page, RULE);
  const rows = await waitForProblem(page, OPENED);
  if (!rows.some((r) => r.text.includes(MESSAGE))) throw new Error(`the Problems entry lacks the message: ${JSON.stringify(rows)}`);
  await step(page, 'Problems entry shown');
}

const scenarios = {
  /** Squiggle, Problems entry, quick fix with Ctrl+., and the workspace scan. */
  async editor({ page }) {
    await openAndSeeFinding(page);

    // Cursor on the squiggle (measured again: opening the Problems panel resized the editor), then Ctrl+.
    const squiggle = await backendSquiggle(page);
    await page.mouse.click(squiggle.x + Math.min(squiggle.width / 2, 20), squiggle.y + squiggle.height / 2);
    await page.keyboard.press('Control+.');
    const ours = page.locator('.action-widget .monaco-list-row', { hasText: PREFERRED_FIX });
    await ours.first().waitFor();
    await step(page, 'quick fix menu shown');
    // Our preferred fix comes first and has the focus today; should another rule's fix on the same line
    // come first one day, pick ours by name.
    const focused = page.locator('.action-widget .monaco-list-row.focused');
    if ((await focused.count()) && (await focused.innerText()).includes(PREFERRED_FIX)) await page.keyboard.press('Enter');
    else await ours.first().click();

    await waitFor('use_lockfile = true in the editor', async () => (await editorLines(page)).some((l) => /^\s*use_lockfile\s*=\s*true\s*$/.test(l)));
    await waitFor(`the Problems entry for ${OPENED} to go`, async () => (await rowsFor(page, OPENED)).length === 0);
    await waitFor('the squiggle to go', async () => (await squigglesOnLine(page, BACKEND_LINE)).length === 0);
    await step(page, 'quick fix applied, finding gone');

    // The never-opened module has no problems until the scan reaches it.
    if ((await rowsFor(page, NEVER_OPENED)).length > 0) throw new Error(`${NEVER_OPENED} had problems before the scan`);
    await runCommand(page, 'premortem: Scan Workspace');
    const summary = await waitForSummary(page);
    await step(page, `scan summary: ${summary.text}`);
    await waitForProblem(page, NEVER_OPENED);
    await step(page, `Problems entry for the never-opened ${NEVER_OPENED}`);
    // The scan sees the fixed file (VS Code saves files a code action edits: files.refactoring.autoSave).
    if ((await rowsFor(page, OPENED)).length > 0) throw new Error(`the scan brought back the finding in the edited ${OPENED}`);
    await activeEditorTitle(page, 'main.tf');
  },

  /**
   * Blast radius: the code lens above the CloudFront cache policy that both distributions use, the Blast
   * Radius tree it opens, whose entries jump to the dependents, and the graph the tree's title button draws,
   * whose boxes jump too; then the outline premortem gives when no Terraform extension is installed.
   * PREMORTEM_E2E_DOCS=1 saves the screenshots the README shows (docs/blast-radius-lens.png,
   * docs/blast-radius-tree.png, docs/blast-radius-graph-editor.png).
   */
  async 'blast-radius'({ page }) {
    await openFile(page, LENS_FILE);
    await step(page, `opened ${LENS_FILE}`);
    const [title] = await waitFor('a blast radius code lens', async () => {
      const found = (await codeLensTitles(page)).filter((t) => LENS_TITLE.test(t));
      return found.length > 0 && found;
    });
    await step(page, `code lens "${title}"`);
    await saveDocScreenshot(page, 'blast-radius-lens.png');
    await page.locator('.codelens-decoration a', { hasText: title }).first().click();
    const rows = await waitFor('the Blast Radius tree to list the distributions', async () => {
      const found = await viewRows(page, 'Blast Radius');
      return found.some((r) => r.startsWith(LENS_DEPENDENT)) && found;
    });
    if (!rows.some((r) => /^cloudfront distributions \(2\)/.test(r)))
      throw new Error(`the tree lacks the group "cloudfront distributions (2)": ${JSON.stringify(rows)}`);
    await step(page, `Blast Radius tree: ${rows.join(' | ')}`);
    await saveDocScreenshot(page, 'blast-radius-tree.png');
    await page.locator('.pane-body .monaco-list-row', { hasText: LENS_DEPENDENT }).first().click();
    await activeEditorTitle(page, 'distributions.tf');
    await step(page, 'the tree entry opened the distribution');

    // The same blast radius as a graph, in a webview beside the editor: one box per resource, and a click
    // on one opens its definition.
    await page.locator('.action-item a[aria-label="Show as Graph"]').first().click();
    const graph = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    const boxes = await waitFor('the graph to draw the policy and the distributions', async () => {
      const ids = await graph.locator('svg.pm-graph .pm-node').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-id')));
      return ids.includes(LENS_DEPENDENT) && ids.includes('aws_cloudfront_cache_policy.edge_default') && ids;
    });
    await step(page, `graph: ${boxes.join(' | ')}`);
    await saveDocScreenshot(page, 'blast-radius-graph-editor.png');
    await graph.locator('svg.pm-graph .pm-node[data-id="aws_cloudfront_cache_policy.edge_default"]').click();
    await activeEditorTitle(page, 'policies.tf');
    await step(page, 'a click on the policy box opened policies.tf');

    // Alone (no Terraform extension), premortem gives the outline: Go to Symbol lists the blocks by address.
    // The click left the keyboard focus in the webview, which may swallow the shortcut: focus the editor first,
    // and press again should no Go to Symbol box have opened.
    await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Shift+O');
    let polls = 0;
    const symbols = await waitFor('Go to Symbol to list the policies', async () => {
      if (++polls % 50 === 0 && !(await page.locator('.quick-input-widget').isVisible())) await page.keyboard.press('Control+Shift+O');
      const rows = await page.locator('.quick-input-widget .monaco-list-row').allInnerTexts();
      return rows.some((r) => r.includes('aws_cloudfront_cache_policy.edge_default')) && rows;
    });
    await page.keyboard.press('Escape');
    await step(page, `outline: ${symbols.map((r) => r.split('\n')[0]).join(' | ')}`);
  },

  /**
   * Side by side with HashiCorp's Terraform extension. LIMITATION: that extension cannot be downloaded on
   * the machines that run these tests (only the npm registry and Debian's packages are reachable), so
   * test/e2e/terraform-stand-in, written for this test, takes its place: it contributes the same
   * `terraform` language id for .tf files with its own trivial grammar, and nothing else (no language
   * server, so no diagnostics of its own), under HashiCorp's id. What this checks is premortem's side: with a
   * second extension owning the same language id, premortem still activates and publishes exactly one set of
   * diagnostics, and leaves the outline and go to definition to that extension (premortem.navigation auto).
   */
  /**
   * The scan on startup, and rule pages offline: with no command run, a finding in a file nobody opened is
   * in Problems; its code link opens the rule's packaged page in the Markdown preview (no "open external
   * website" dialog, no network), and a link in the page opens the sibling page. PREMORTEM_E2E_DOCS=1 saves
   * docs/problems.png and docs/rule-page.png.
   */
  async 'rule-pages'({ page }) {
    await showProblems(page, PAGE_RULE);
    await waitFor(
      `a Problems entry for ${PAGE_RULE} from the scan on startup`,
      async () => (await problemRows(page, PAGE_RULE)).some((r) => r.text.includes(PAGE_RULE)),
      {
        timeout: 90_000,
      },
    );
    await step(page, 'the scan on startup filled Problems');
    if (process.env.PREMORTEM_E2E_DOCS) {
      // The README's picture: every finding of the scan, beside a file with some of them.
      await openFile(page, PAGE_FILE);
      await page.keyboard.press('Control+G');
      await page.keyboard.type('60');
      await page.keyboard.press('Enter');
      await showProblems(page, 'premortem');
      await waitFor("the scan's findings in Problems", async () => (await problemRows(page, 'premortem')).length > 3);
      await saveDocScreenshot(page, 'problems.png');
      await showProblems(page, PAGE_RULE);
    }
    await page.locator('.markers-panel a.monaco-link', { hasText: PAGE_RULE }).first().click();
    await activeEditorTitle(page, `Preview ${PAGE_RULE}.md`);
    const text = await waitFor(`the page of ${PAGE_RULE} in the preview`, async () =>
      (await webviewText(page)).find((t) => t.includes('Why this causes outages') && t.includes(PAGE_RULE)),
    );
    if (await page.getByText('open the external website').count()) throw new Error('a dialog asks to open an external website');
    await step(page, `the preview shows the page (${text.length} characters)`);
    await saveDocScreenshot(page, 'rule-page.png');
    // A relative link to the sibling page opens it in the preview too.
    let clicked = false;
    for (const candidate of page.frames()) {
      const link = candidate.locator(`a[href="${LINKED_RULE}.md"]`);
      if (await link.count().catch(() => 0)) {
        await link.first().click();
        clicked = true;
        break;
      }
    }
    if (!clicked) throw new Error(`no link to ${LINKED_RULE}.md in the preview`);
    // Its heading is the first line of the preview.
    await waitFor(`the page of ${LINKED_RULE} in the preview`, async () =>
      (await webviewText(page)).some((t) => t.trimStart().split('\n')[0].trim() === LINKED_RULE),
    );
    await step(page, 'the relative link opened the sibling page');

    // The hover's link, then the quick fix "Show documentation", open the page of the finding under the cursor.
    await openAndSeeFinding(page);
    let squiggle = await backendSquiggle(page);
    await page.mouse.move(squiggle.x + Math.min(squiggle.width / 2, 20), squiggle.y + squiggle.height / 2);
    const link = page.locator('.monaco-hover a', { hasText: `Documentation for ${RULE}` });
    await link.first().waitFor();
    await step(page, 'hover shown');
    await link.first().click();
    await activeEditorTitle(page, `Preview ${RULE}.md`);
    await waitFor(`the page of ${RULE} in the preview`, async () => (await webviewText(page)).some((t) => t.trimStart().split('\n')[0].trim() === RULE));
    await step(page, 'the hover link opened the page');
    await openFile(page, OPENED);
    squiggle = await backendSquiggle(page);
    await page.mouse.click(squiggle.x + Math.min(squiggle.width / 2, 20), squiggle.y + squiggle.height / 2);
    await page.keyboard.press('Control+.');
    // Chosen with the keyboard, as a person would: down to the entry, then Enter.
    const title = `Show documentation for ${RULE}`;
    await page.locator('.action-widget .monaco-list-row', { hasText: title }).first().waitFor();
    await waitFor(`"${title}" to have the focus`, async () => {
      const focused = page.locator('.action-widget .monaco-list-row.focused');
      if ((await focused.count()) && (await focused.first().innerText()).includes(title)) return true;
      await page.keyboard.press('ArrowDown');
      return false;
    });
    await page.keyboard.press('Enter');
    await activeEditorTitle(page, `Preview ${RULE}.md`);
    await step(page, 'the quick fix opened the page');
  },

  /**
   * Scan results survive a window reload: the Problems counts after "Scan Workspace" come back after the
   * page reloads, with no command run (the scan on startup is off here: the window scans again because it
   * showed scan results).
   */
  async 'scan-persists'({ page }) {
    // The extension is running once a file shows its finding: its commands are in the palette.
    await openAndSeeFinding(page);
    await runCommand(page, 'premortem: Scan Workspace');
    const summary = await waitForSummary(page);
    await step(page, `scan summary: ${summary.text}`);
    const before = await waitFor('the Problems counts in the status bar', async () => {
      const counts = await problemCounts(page);
      return counts && counts.total > 0 && counts;
    });
    await step(page, `before the reload: ${JSON.stringify(before)}`);
    await page.reload();
    await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
    await step(page, 'reloaded');
    const after = await waitFor(
      `the same Problems counts after the reload (${JSON.stringify(before)})`,
      async () => {
        const counts = await problemCounts(page);
        return counts && counts.errors === before.errors && counts.warnings === before.warnings && counts.infos === before.infos && counts;
      },
      { timeout: 90_000 },
    );
    await step(page, `after the reload: ${JSON.stringify(after)}`);
  },

  async 'side-by-side'({ page, server }) {
    const installed = server.listExtensions();
    for (const id of ['premortem.premortem', 'hashicorp.terraform']) {
      if (!installed.some((line) => line.startsWith(`${id}@`))) throw new Error(`${id} is not installed: ${installed.join(', ')}`);
    }
    await step(page, `installed: ${installed.join(', ')}`);
    await openAndSeeFinding(page);
    const mode = await waitFor('the language mode in the status bar', () => languageMode(page));
    if (mode !== 'Terraform') throw new Error(`language mode is ${mode}, expected Terraform`);
    // The scan's summary means the server has published everything; only then count.
    await runCommand(page, 'premortem: Scan Workspace');
    const summary = await waitForSummary(page);
    await step(page, `scan summary: ${summary.text}`);
    await waitForProblem(page, NEVER_OPENED);
    for (const file of [OPENED, NEVER_OPENED]) {
      const rows = await rowsFor(page, file);
      if (rows.length !== 1) throw new Error(`expected one premortem ${RULE} entry for ${file}, found ${rows.length}: ${JSON.stringify(rows)}`);
    }
    await step(page, 'one premortem entry per finding');

    // With (what VS Code takes for) HashiCorp's extension installed, premortem leaves the outline to it.
    await openFile(page, OPENED);
    await page.keyboard.press('Control+Shift+O');
    await page.locator('.quick-input-widget').waitFor();
    await new Promise((resolve) => setTimeout(resolve, 3000)); // an outline that would come comes within this
    const rows = await page.locator('.quick-input-widget .monaco-list-row').allInnerTexts();
    await page.keyboard.press('Escape');
    const ours = rows.filter((r) => /(^|\s)(aws_\w+\.|data\.|module\.|var\.|local\.|output\.)/.test(r));
    if (ours.length > 0) throw new Error(`premortem answered Go to Symbol next to the Terraform extension: ${JSON.stringify(ours)}`);
    await step(page, `outline left to the Terraform extension: ${JSON.stringify(rows)}`);
  },

  /**
   * Side by side with the OpenTofu extension, which calls .tf and .tofu files `opentofu` (its package.json).
   * As for HashiCorp's, a stand-in (test/e2e/opentofu-stand-in) takes its place. premortem also names .tofu
   * files `terraform`, and VS Code gives the file one of the two languages; whichever it is, and after the
   * file is switched to OpenTofu, premortem lints it and publishes its finding there once.
   */
  async 'opentofu-side-by-side'({ page, server }) {
    const installed = server.listExtensions();
    for (const id of ['premortem.premortem', 'premortem-e2e.opentofu-stand-in']) {
      if (!installed.some((line) => line.startsWith(`${id}@`))) throw new Error(`${id} is not installed: ${installed.join(', ')}`);
    }
    await openFile(page, TOFU_FILE);
    await step(page, `opened ${TOFU_FILE}`);
    await backendSquiggle(page);
    await step(page, `squiggle shown, language mode ${await languageMode(page)}`);
    if ((await languageMode(page)) !== 'OpenTofu') {
      await page.locator('#status\\.editor\\.mode').click();
      const input = page.locator('.quick-input-widget input');
      await input.waitFor();
      await input.fill('OpenTofu');
      await waitFor('OpenTofu to be the first language', async () =>
        (await page.locator('.quick-input-widget .monaco-list-row').first().innerText()).includes('(opentofu)'),
      );
      await page.keyboard.press('Enter');
      await waitFor('the language mode OpenTofu', async () => (await languageMode(page)) === 'OpenTofu');
      await step(page, 'switched the file to OpenTofu');
    }
    await backendSquiggle(page);
    await showProblems(page, RULE);
    const rows = await waitForProblem(page, TOFU_FILE);
    if (!rows.some((r) => r.text.includes(MESSAGE))) throw new Error(`the Problems entry lacks the message: ${JSON.stringify(rows)}`);
    if (rows.length !== 1) throw new Error(`expected one premortem ${RULE} entry for ${TOFU_FILE}, found ${rows.length}: ${JSON.stringify(rows)}`);
    await step(page, 'Problems entry shown once, with the file in OpenTofu mode');
  },
};

async function runScenario(name, codeServer, vsixes) {
  const dir = tempDir(`premortem-e2e-${name}-`);
  const server = new CodeServer(codeServer, dir);
  let browser;
  let page;
  const started = Date.now();
  try {
    const workspace = makeWorkspace(dir);
    server.writeSettings({ ...SETTINGS, ...(SCENARIO_SETTINGS[name] ?? {}) });
    for (const vsix of vsixes) server.install(vsix);
    const url = await server.start();
    log(`  code-server listening at ${url} (+${((Date.now() - started) / 1000).toFixed(1)}s)`);
    browser = await launchBrowser(dir);
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // Two shared cores can make the workbench slow; every wait still ends on what it waits for.
    page.setDefaultTimeout(60_000);
    stepStarted = Date.now();
    await openWorkbench(page, url, workspace);
    await step(page, 'workbench loaded');
    await scenarios[name]({ page, server, workspace });
    log(`ok ${name} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
    return true;
  } catch (error) {
    const saved = await saveFailure(name, page, server).catch((e) => `(could not save: ${e})`);
    console.error(
      `e2e: FAILED ${name} (${((Date.now() - started) / 1000).toFixed(1)}s): ${error instanceof Error ? error.stack : error}\n  screenshot, page text and logs in ${saved}`,
    );
    return false;
  } finally {
    await browser?.close().catch(() => undefined);
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const started = Date.now();
  const codeServer = setup();
  const build = tempDir('premortem-e2e-vsix-');
  let passed = 0;
  let failed = 0;
  try {
    const premortem = packagePremortem(build);
    const standIn = packageStandIn(build);
    const tofuStandIn = packageStandIn(build, 'opentofu-stand-in');
    const plan = {
      editor: [premortem],
      'blast-radius': [premortem],
      'rule-pages': [premortem],
      'scan-persists': [premortem],
      'side-by-side': [standIn, premortem],
      'opentofu-side-by-side': [tofuStandIn, premortem],
    };
    const only = process.env.PREMORTEM_E2E_ONLY;
    for (const [name, vsixes] of Object.entries(plan)) {
      if (only && only !== name) continue;
      if (await runScenario(name, codeServer, vsixes)) passed++;
      else failed++;
    }
  } finally {
    fs.rmSync(build, { recursive: true, force: true });
  }
  log(`total ${((Date.now() - started) / 1000).toFixed(1)}s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
}

await main();
