// Driving VS Code's workbench the way a person does: keyboard shortcuts, the command palette, Quick Open,
// the Problems panel and notifications. Each helper waits on what the workbench shows.
import { waitFor } from './harness.mjs';

/** The workbench's text with non-breaking spaces (which the editor renders) made plain. */
function plain(text) {
  return text.replace(/\u00a0/g, ' ');
}

export async function openWorkbench(page, url, folder) {
  await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
  // The explorer lists the folder once the remote file system answers.
  await waitFor('the explorer to list the workspace', () => page.locator('.explorer-folders-view .monaco-list-row').count(), { timeout: 120_000 });
}

/** Runs a command by its palette title (F1, type, Enter). */
export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  await row.waitFor();
  await waitFor(`"${title}" to be the first palette entry`, async () =>
    plain(await page.locator('.quick-input-widget .monaco-list-row').first().innerText()).includes(title),
  );
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Opens a workspace file through Quick Open by its path relative to the folder, and waits for its tab. */
export async function openFile(page, relativePath) {
  const name = relativePath.split('/').pop();
  const dir = relativePath.split('/').slice(0, -1).join('/');
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(relativePath);
  await waitFor(`Quick Open to offer ${relativePath}`, async () => {
    const first = page.locator('.quick-input-widget .monaco-list-row').first();
    if (!(await first.count())) return false;
    const text = plain(await first.innerText());
    return text.includes(name) && text.includes(dir);
  });
  await page.keyboard.press('Enter');
  await activeEditorTitle(page, name);
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().waitFor();
}

export async function activeEditorTitle(page, name) {
  return waitFor(`the editor tab "${name}" to be active`, async () => {
    const tab = page.locator('.tabs-container .tab.active');
    return (
      (await tab.count()) &&
      plain(await tab.first().innerText())
        .trim()
        .startsWith(name)
    );
  });
}

/** The active editor's visible text, one string per rendered line (top to bottom). */
export async function editorLines(page) {
  return page.evaluate(() => {
    const editor = document.querySelector('.editor-group-container.active .monaco-editor');
    if (!editor) return [];
    const lines = [...editor.querySelectorAll('.view-lines .view-line')];
    lines.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
    return lines.map((line) => (line.textContent ?? '').replace(/\u00a0/g, ' '));
  });
}

/**
 * The squiggles of one severity on the rendered line whose text matches `lineText`, as page rectangles.
 * Monaco draws squiggles in an overlay layer, so they are matched to the line by vertical position.
 */
export async function squigglesOnLine(page, lineText, severity = 'warning') {
  return page.evaluate(
    ({ lineText, severity }) => {
      const editor = document.querySelector('.editor-group-container.active .monaco-editor');
      if (!editor) return [];
      const line = [...editor.querySelectorAll('.view-lines .view-line')].find((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ').includes(lineText));
      if (!line) return [];
      const box = line.getBoundingClientRect();
      return [...editor.querySelectorAll(`.squiggly-${severity}`)]
        .map((s) => s.getBoundingClientRect())
        .filter((r) => r.width > 0 && Math.abs(r.top + r.height / 2 - (box.top + box.height / 2)) < box.height / 2)
        .map((r) => ({ x: r.left, y: r.top, width: r.width, height: r.height }));
    },
    { lineText, severity },
  );
}

/** Opens the Problems panel and filters it to `filter` (the filter box matches messages, codes and files). */
export async function showProblems(page, filter) {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) {
    await page.keyboard.press('Control+Shift+M');
    await panel.waitFor();
  }
  const input = problemsFilter(page);
  await input.waitFor();
  await input.fill(filter);
}

function problemsFilter(page) {
  return page.locator('.pane-header .viewpane-filter input, .panel .viewpane-filter input').first();
}

/**
 * The Problems panel's rows as { file, folder, text } for markers: each marker row is attributed to the
 * resource row above it. The tree is virtualised, so the filter keeps the rows of interest on screen; pass
 * the filter expected to be in place.
 */
export async function problemRows(page, filter) {
  // The panel can restore its previous filter while it re-renders after a fill (seen under load): type it again.
  if (filter !== undefined) {
    const input = problemsFilter(page);
    const shown = await input.inputValue().catch(() => filter);
    if (shown !== filter) {
      console.log(`e2e:   (the Problems filter showed ${JSON.stringify(shown)}; typed ${JSON.stringify(filter)} again)`);
      await input.fill(filter);
    }
  }
  return page.evaluate(() => {
    const rows = [...document.querySelectorAll('.markers-panel .monaco-list-row')];
    rows.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
    const result = [];
    let file;
    let folder;
    for (const row of rows) {
      const resource = row.querySelector('.marker-resource, .monaco-icon-label.file-icon');
      const marker = row.querySelector('.marker-message-details, .marker-message-line, .marker-message');
      if (marker == null && resource != null) {
        file = row.querySelector('.label-name')?.textContent?.trim();
        folder = row.querySelector('.label-description')?.textContent?.trim();
      } else if (marker != null) {
        result.push({ file, folder, text: (row.textContent ?? '').replace(/\u00a0/g, ' ') });
      }
    }
    return result;
  });
}

/** The text of the notification toasts now on screen. */
export async function notifications(page) {
  return page.evaluate(() => [...document.querySelectorAll('.notification-toast')].map((t) => (t.textContent ?? '').replace(/\u00a0/g, ' ')));
}

/** The language mode shown in the status bar for the active editor. */
export async function languageMode(page) {
  const item = page.locator('#status\\.editor\\.mode');
  return (await item.count()) ? (await item.innerText()).trim() : undefined;
}

/** The code lens titles rendered in the active editor. */
export async function codeLensTitles(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('.editor-group-container.active .monaco-editor .codelens-decoration a')].map((a) =>
      (a.textContent ?? '').replace(/\u00a0/g, ' ').trim(),
    ),
  );
}

/** The rows of a view pane (by its title, any case) in the side bar, as their text, top to bottom. */
export async function viewRows(page, title) {
  return page.evaluate((title) => {
    const pane = [...document.querySelectorAll('.pane')].find(
      (p) => (p.querySelector('.pane-header .title')?.textContent ?? '').trim().toLowerCase() === title.toLowerCase(),
    );
    if (!pane) return [];
    const rows = [...pane.querySelectorAll('.pane-body .monaco-list-row')];
    rows.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
    return rows.map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trim());
  }, title);
}

/**
 * The Problems counts of the status bar's problems item, from its accessible label ("Errors: 2, Warnings: 5,
 * Infos: 1"; a count of 0 is left out, and no problems at all read "No Problems").
 */
export async function problemCounts(page) {
  const label = await page.evaluate(() => {
    const item = document.getElementById('status.problems');
    return item ? [item, ...item.querySelectorAll('[aria-label]')].map((e) => e.getAttribute('aria-label') ?? '').join(' ') : undefined;
  });
  if (label === undefined || !/Errors|Warnings|Infos|No Problems/i.test(label)) return undefined;
  const count = (name) => Number(new RegExp(`${name}:\\s*(\\d+)`, 'i').exec(label)?.[1] ?? 0);
  const counts = { errors: count('Errors'), warnings: count('Warnings'), infos: count('Infos') };
  return { ...counts, total: counts.errors + counts.warnings + counts.infos };
}

/** The body text of every webview frame on the page (a Markdown preview is one). */
export async function webviewText(page) {
  const texts = [];
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) continue;
    const text = await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '');
    if (text) texts.push(text.replace(/\u00a0/g, ' '));
  }
  return texts;
}
