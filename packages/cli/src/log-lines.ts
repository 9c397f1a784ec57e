import type { OutputLine } from './supervisor/supervisor.js';

// Foreground colours that read well on dark and light terminals; red is kept for stderr.
const PALETTE = [36, 32, 33, 35, 34, 96, 92, 93, 95, 94];
const RED = 31;
const BOLD = 1;

/**
 * Returns a function that puts the padded source name and a bar before a line, e.g.
 * `finance      | {"level":30,...}`. The line itself stays byte for byte as it was, so a JSON log line is
 * still parseable after the bar. Each known name gets its own colour when `colour` is on; other sources
 * (the CLI itself) are bold.
 */
export function createLinePrefixer(names: readonly string[], colour: boolean): (line: OutputLine) => string {
  const width = Math.max(0, ...names.map((name) => name.length));
  return (line) => {
    const name = line.source.padEnd(width);
    if (!colour) return `${name} | ${line.text}`;
    const index = names.indexOf(line.source);
    const code = line.stream === 'stderr' ? RED : index < 0 ? BOLD : (PALETTE[index % PALETTE.length] ?? BOLD);
    return `\u001b[${code}m${name} |\u001b[0m ${line.text}`;
  };
}

/** True when output goes to a terminal that accepts colours (see https://no-color.org). */
export function wantsColour(stream: NodeJS.WriteStream, env: Readonly<Record<string, string | undefined>>): boolean {
  return stream.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
}
