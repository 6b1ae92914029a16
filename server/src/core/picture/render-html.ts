// A blast-radius picture as one self-contained HTML page, for a pull-request artifact: the SVG inline, one
// stylesheet, no script, nothing fetched from anywhere.
import { PICTURE_CSS, escapeXml } from './render-svg';

export interface HtmlPage {
  readonly title: string;
  /** Sentences under the title: what changes, how much it reaches. */
  readonly summary: readonly string[];
  /** The picture, from `renderSvg` with `standalone: false` (the page carries the stylesheet). */
  readonly svg: string;
  readonly version: string;
}

const PAGE_CSS = `:root { color-scheme: light dark; }
body { margin: 0; padding: 24px; font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; background: #ffffff; color: #1f2328; }
@media (prefers-color-scheme: dark) { body { background: #0d1117; color: #e6edf3; } }
h1 { font-size: 20px; margin: 0 0 4px; }
h1 code { font-size: 18px; }
p { margin: 0 0 8px; }
main { margin: 16px 0; }
footer { font-size: 12px; opacity: 0.75; }
`;

export function renderHtml(page: HtmlPage): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="premortem ${escapeXml(page.version)}">`,
    `<title>${escapeXml(page.title)}</title>`,
    `<style>\n${PAGE_CSS}${PICTURE_CSS}</style>`,
    '</head>',
    '<body>',
    `<header><h1>${escapeXml(page.title)}</h1>${page.summary.map((line) => `<p>${escapeXml(line)}</p>`).join('')}</header>`,
    `<main>\n${page.svg}</main>`,
    '<footer>Arrows point from what changes to what depends on it, each labelled with the argument that refers. A red box changes; a dashed box only passes a value on (a local value, a variable); a dashed arrow is a <code>depends_on</code>. Boxes are grouped by module and by type. Made by premortem.</footer>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
