import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** One line of `ps -eo pid=,stat=,args=`. */
export interface PsEntry {
  readonly pid: number;
  /** The process state letters; `Z` is a zombie, already dead but not yet reaped by its parent. */
  readonly state: string;
  readonly command: string;
}

/** Parses the output of `ps -eo pid=,stat=,args=`; lines that do not fit are skipped. */
export function parsePs(output: string): PsEntry[] {
  return output.split('\n').flatMap((line) => {
    const match = /^\s*(\d+)\s+(\S+)\s+(.*)$/.exec(line);
    return match ? [{ pid: Number(match[1]), state: match[2] as string, command: (match[3] as string).trim() }] : [];
  });
}

/**
 * The entries that are still running although they should be gone: one of `pids`, or any process whose
 * command line contains `marker` (a temporary folder only this run used). Zombies do not count: they no
 * longer run, and reaping them is their parent's business.
 */
export function selectLeftovers(entries: readonly PsEntry[], pids: ReadonlySet<number>, marker?: string): PsEntry[] {
  return entries.filter((entry) => !entry.state.startsWith('Z') && (pids.has(entry.pid) || (marker !== undefined && entry.command.includes(marker))));
}

/** Asks `ps` which of `pids`, or which processes mentioning `marker`, still run. */
export async function findLeftovers(pids: readonly (number | undefined)[], marker?: string): Promise<PsEntry[]> {
  const { stdout } = await promisify(execFile)('ps', ['-eo', 'pid=,stat=,args=']);
  const known = new Set(pids.filter((pid): pid is number => pid !== undefined));
  return selectLeftovers(parsePs(stdout), known, marker);
}

/** Kills what {@link findLeftovers} found (all of it started by this run) and describes it for the table. */
export function killLeftovers(leftovers: readonly PsEntry[]): string {
  for (const entry of leftovers) {
    try {
      process.kill(entry.pid, 'SIGKILL');
    } catch {
      // Gone in the meantime, which is what we wanted.
    }
  }
  return leftovers.length === 0 ? 'none' : leftovers.map((entry) => `${entry.pid} ${entry.command.slice(0, 60)}`).join('; ');
}
