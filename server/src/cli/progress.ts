// "Scanning 120/2352 files" on a terminal's stderr, redrawn at most ten times a second and erased at the end.
import type { ScanProgress } from '../core/scan';

export interface ProgressLine {
  readonly update: (progress: ScanProgress) => void;
  readonly clear: () => void;
}

export function terminalProgress(stream: NodeJS.WriteStream): ProgressLine {
  let last = 0;
  let shown = false;
  return {
    update(progress) {
      const now = Date.now();
      if (now - last < 100 && progress.modulesDone < progress.modulesTotal) return;
      last = now;
      const width = Math.max(20, (stream.columns ?? 80) - 1);
      const line = `Scanning ${progress.filesDone}/${progress.filesTotal} files (${progress.module})`;
      stream.write(`\r\x1b[K${line.length > width ? line.slice(0, width - 1) + '…' : line}`);
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
