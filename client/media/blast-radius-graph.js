// Runs inside the "Blast Radius Graph" webview, under its Content-Security-Policy: a click (or Enter) on a
// node asks the extension to open where it is declared; the buttons zoom. The picture itself is the
// server's SVG, already in the page.
// @ts-check
(function () {
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  const svg = document.querySelector('svg.pm-graph');
  if (!svg) return;
  const natural = { width: Number(svg.getAttribute('width')), height: Number(svg.getAttribute('height')) };
  let scale = 1;

  function open(target) {
    const node = target instanceof Element ? target.closest('.pm-node[data-href]') : null;
    if (node) vscode.postMessage({ type: 'open', id: node.getAttribute('data-id') });
  }
  svg.addEventListener('click', (event) => open(event.target));
  svg.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      open(event.target);
    }
  });

  function zoom(to) {
    scale = Math.min(4, Math.max(0.1, to));
    svg.style.width = `${natural.width * scale}px`;
    svg.style.height = `${natural.height * scale}px`;
    const label = document.getElementById('zoom-level');
    if (label) label.textContent = `${Math.round(scale * 100)}%`;
  }
  function fitting() {
    const main = document.querySelector('main');
    const room = main ? main.clientWidth - 4 : natural.width;
    return Math.min(1, room / natural.width);
  }
  for (const button of document.querySelectorAll('button[data-zoom]')) {
    button.addEventListener('click', () => {
      const how = button.getAttribute('data-zoom');
      if (how === 'in') zoom(scale * 1.25);
      else if (how === 'out') zoom(scale / 1.25);
      else if (how === 'fit') zoom(fitting());
      else zoom(1);
    });
  }
  window.addEventListener('wheel', (event) => {
    if (!event.ctrlKey && !event.metaKey) return;
    event.preventDefault();
    zoom(scale * (event.deltaY < 0 ? 1.1 : 1 / 1.1));
  }, { passive: false });
  // Fitted to the width, unless the text would get too small to read: then scroll.
  zoom(Math.max(0.6, fitting()));
})();
