import { describe, expect, it } from 'vitest';
import { parsePs, selectLeftovers } from '../../dist/bench/leftovers.js';

const PS_OUTPUT = [
  '    1 Ss   /sbin/init',
  '  412 Sl   node /repo/services/core/dist/main.js',
  '  413 Z    [node] <defunct>',
  '  500 Ss   postgres -D /tmp/erp-bench-start-abc/postgres',
  '  501 Ss   postgres: checkpointer',
  'garbage line',
  '',
].join('\n');

describe('parsePs', () => {
  it('should read pid, state and the whole command line of each process', () => {
    const entries = parsePs(PS_OUTPUT);

    expect(entries).toHaveLength(5);
    expect(entries[1]).toEqual({ pid: 412, state: 'Sl', command: 'node /repo/services/core/dist/main.js' });
  });
});

describe('selectLeftovers', () => {
  it('should find a process by pid and another by the marker in its command line', () => {
    const entries = parsePs(PS_OUTPUT);

    const leftovers = selectLeftovers(entries, new Set([412]), '/tmp/erp-bench-start-abc');

    expect(leftovers.map((entry) => entry.pid)).toEqual([412, 500]);
  });

  it('should not count a zombie as still running', () => {
    const entries = parsePs(PS_OUTPUT);

    const leftovers = selectLeftovers(entries, new Set([413]));

    expect(leftovers).toEqual([]);
  });

  it('should find nothing when none of the pids runs and no marker is given', () => {
    const entries = parsePs(PS_OUTPUT);

    const leftovers = selectLeftovers(entries, new Set([9_999]));

    expect(leftovers).toEqual([]);
  });
});
