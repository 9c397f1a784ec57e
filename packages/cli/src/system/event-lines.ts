import type { OutputLine, SupervisorEvent } from '../supervisor/supervisor.js';

/** The name under which the system's own notes appear among the services' log lines. */
export const SYSTEM_SOURCE = 'erp';

/** Turns a supervisor event into a line for the log, or undefined for events reported another way. */
export function eventLine(event: SupervisorEvent, restartLimit: number): OutputLine | undefined {
  const note = (text: string, stream: OutputLine['stream'] = 'stdout'): OutputLine => ({ source: SYSTEM_SOURCE, stream, text });
  switch (event.type) {
    case 'spawned':
      return note(`started ${event.name} (pid ${event.pid})`);
    case 'exited': {
      if (event.expected) return note(`${event.name} stopped`);
      const how = event.signal ? `signal ${event.signal}` : `exit code ${event.code}`;
      return note(`${event.name} (pid ${event.pid}) exited unexpectedly with ${how}`, 'stderr');
    }
    case 'restarting':
      return note(`restarting ${event.name} in ${event.delayMs} ms (restart ${event.attempt} of ${restartLimit})`, 'stderr');
    case 'gave-up':
      // Not a line of its own: the same news reaches the caller as the error of start() or onFailure.
      return undefined;
  }
}
