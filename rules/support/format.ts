// Durations in messages: seconds as people read them ("345600 s (4 days)").

const UNITS: readonly (readonly [number, string])[] = [
  [86400, 'day'],
  [3600, 'hour'],
  [60, 'minute'],
];

/** `345600` → `345600 s (4 days)`; `45` → `45 s`. */
export function formatSeconds(seconds: number): string {
  for (const [size, unit] of UNITS) {
    if (seconds >= size && seconds % size === 0) {
      const count = seconds / size;
      return `${seconds} s (${count} ${unit}${count === 1 ? '' : 's'})`;
    }
  }
  return `${seconds} s`;
}
