import { describe, expect, it } from 'vitest';
import { createLinePrefixer } from '../dist/index.js';

const names = ['gateway', 'notification', 'postgres'];

describe('createLinePrefixer', () => {
  it('should pad the source name to the longest name and keep a JSON log line parseable after the bar', () => {
    const prefix = createLinePrefixer(names, false);
    const json = JSON.stringify({ level: 30, msg: 'listening | on "port" 8000', service: 'gateway' });

    const line = prefix({ source: 'gateway', stream: 'stdout', text: json });

    expect(line).toBe(`gateway      | ${json}`);
    expect(JSON.parse(line.slice(line.indexOf('| ') + 2))).toMatchObject({ service: 'gateway' });
  });

  it('should use no escape codes when colour is off', () => {
    const prefix = createLinePrefixer(names, false);

    const line = prefix({ source: 'postgres', stream: 'stderr', text: 'FATAL' });

    expect(line).not.toContain('\u001b[');
  });

  it('should colour only the prefix, red for stderr, and leave the text untouched', () => {
    const prefix = createLinePrefixer(names, true);

    const stdout = prefix({ source: 'gateway', stream: 'stdout', text: '{"a":1}' });
    const stderr = prefix({ source: 'gateway', stream: 'stderr', text: 'boom' });

    const controlSequence = '\u001b[';
    expect(stdout.startsWith(controlSequence)).toBe(true);
    expect(stdout.endsWith(`gateway      |${controlSequence}0m {"a":1}`)).toBe(true);
    expect(stderr.startsWith('\u001b[31m')).toBe(true);
    expect(stdout.startsWith('\u001b[31m')).toBe(false);
  });
});
