import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { commandLineOf } from './supervisor/process-tree.js';

/** A process of a running system as the state file records it. */
export interface StateProcess {
  readonly name: string;
  readonly pid: number | undefined;
}

/** What a running `erp up` writes about itself, so that other shells can inspect and stop it. */
export interface UpState {
  /** The pid of `erp up`; SIGTERM to it stops everything. */
  readonly pid: number;
  readonly startedAt: string;
  readonly phase: 'starting' | 'ready';
  readonly database: { readonly kind: 'external' | 'embedded'; readonly label: string } | undefined;
  readonly services: readonly { readonly name: string; readonly url: string; readonly pid: number | undefined; readonly startupMs: number | undefined }[];
  /** Every supervised process with its current pid, embedded PostgreSQL included. */
  readonly processes: readonly StateProcess[];
}

/** Writes the state atomically (a temporary file renamed over the old one), so a reader never sees half. */
export function writeState(path: string, state: UpState): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}

/** The recorded state, or undefined when there is none or it is unreadable. */
export function readState(path: string): UpState | undefined {
  try {
    const state = JSON.parse(readFileSync(path, 'utf8')) as Partial<UpState>;
    if (typeof state.pid !== 'number' || !Array.isArray(state.services) || !Array.isArray(state.processes)) return undefined;
    return state as UpState;
  } catch {
    return undefined;
  }
}

/** Removes the state file if it still describes `pid`; a newer `erp up` may have replaced it. */
export function removeState(path: string, pid: number): void {
  if (readState(path)?.pid === pid) rmSync(path, { force: true });
}

/**
 * True while the recorded `erp up` still runs. The command line is checked too, so that a pid the OS has
 * since handed to another program is not taken for it.
 */
export function isUpRunning(state: UpState): boolean {
  const words = commandLineOf(state.pid)?.split(' ') ?? [];
  return words.includes('up') && words.some((word) => word.endsWith('main.js') || word.endsWith('/erp'));
}
