import { describe, expect, it } from 'vitest';
import { advanceIncidents, type TrackerState, trackerStateOf } from '../../src/domain/incident-tracker.js';
import { type Evaluation, incidentKey } from '../../src/domain/judge.js';

const subject = { service: 'core', instanceUrl: null, metric: 'latency_p95_ms' as const, route: 'GET /orders' };
const KEY = incidentKey(subject);

function evaluation(breached: boolean, measured = true): Evaluation {
  return { key: KEY, ...subject, measured, breached, value: breached ? 800 : 20, threshold: 500, detail: '' };
}

type Poll = boolean | 'absent' | 'unmeasured';

/** Runs polls of breach (true), clear (false), no evaluation or an unmeasured one, and collects what opened and resolved. */
function run(polls: readonly Poll[], criticalAfter: number, start: TrackerState = new Map()) {
  let state = start;
  const log: string[] = [];
  for (const [index, poll] of polls.entries()) {
    const evaluations = poll === 'absent' ? [] : poll === 'unmeasured' ? [evaluation(false, false)] : [evaluation(poll)];
    const step = advanceIncidents(state, evaluations, criticalAfter);
    for (const opened of step.opened) log.push(`open@${index + 1}:${opened.key}`);
    for (const key of step.resolved) log.push(`resolve@${index + 1}:${key}`);
    state = step.state;
  }
  return { log, state };
}

describe('advanceIncidents', () => {
  it('should open an incident on the critical_after-th consecutive breach, once', () => {
    expect(run([true, true, true, true, true], 3).log).toEqual([`open@3:${KEY}`]);
  });

  it('should start counting again after a clear poll', () => {
    expect(run([true, true, false, true, true], 3).log).toEqual([]);
  });

  it('should resolve after critical_after clear polls, and not on a single good poll in between', () => {
    expect(run([true, true, false, true, false, false], 2).log).toEqual([`open@2:${KEY}`, `resolve@6:${KEY}`]);
  });

  it('should count a poll without an evaluation (no traffic, instance gone) as clear', () => {
    expect(run([true, true, 'absent', 'absent'], 2).log).toEqual([`open@2:${KEY}`, `resolve@4:${KEY}`]);
  });

  it('should hold the streak through unmeasured polls, neither opening nor resolving', () => {
    expect(run([true, 'unmeasured', true], 2).log).toEqual([`open@3:${KEY}`]);
    expect(run([true, true, 'unmeasured', 'unmeasured', 'unmeasured', false], 2).log).toEqual([`open@2:${KEY}`]);
  });

  it('should continue an incident opened before a restart instead of opening it again', () => {
    const start = trackerStateOf([KEY], 2);

    expect(run([true, true, false, false], 2, start).log).toEqual([`resolve@4:${KEY}`]);
  });

  it('should forget subjects that are clear and have nothing open', () => {
    expect(run([true, false], 3).state.size).toBe(0);
  });
});
