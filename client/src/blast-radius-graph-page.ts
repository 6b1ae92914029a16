// The HTML of the "Blast Radius Graph" webview, from the server's picture. Locked down: the
// Content-Security-Policy allows nothing by default, one nonce'd script and the stylesheets from the
// webview's own resources (dist/media) and the nonce'd <style> that carries the picture's classes.
import type { BlastRadiusGraphResult } from '../../server/src/protocol';

export interface GraphPageInput {
  readonly result: NonNullable<BlastRadiusGraphResult>;
  /** The webview's `cspSource`: where its local resources come from. */
  readonly cspSource: string;
  /** Webview URIs of dist/media/blast-radius-graph.js and .css. */
  readonly script: string;
  readonly style: string;
  /** A fresh random value per page. */
  readonly nonce: string;
}

export function graphPage({ result, cspSource, script, style, nonce }: GraphPageInput): string {
  const csp = [
    `default-src 'none'`,
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
  ].join('; ');
  const omitted =
    result.omitted > 0 ? `<p class="note">${result.omitted} more not drawn, the farthest from the resource: the Blast Radius view lists them all.</p>` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style nonce="${escapeHtml(nonce)}">${result.stylesheet}</style>
<link rel="stylesheet" href="${escapeHtml(style)}">
<title>Blast Radius</title>
</head>
<body>
<header>
<h1>Blast radius of <code>${escapeHtml(result.address)}</code></h1>
<span class="summary">${escapeHtml(result.summary)}</span>
<span class="tools"><span id="zoom-level">100%</span><button data-zoom="out" title="Zoom out">−</button><button data-zoom="in" title="Zoom in">+</button><button data-zoom="fit" title="Fit to the width">Fit</button><button data-zoom="reset" title="Actual size">1:1</button></span>
</header>
${omitted}
<main>
${result.svg}
</main>
<script nonce="${escapeHtml(nonce)}" src="${escapeHtml(script)}"></script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
