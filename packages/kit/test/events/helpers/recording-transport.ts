import type { CloudEvent } from '@erp/contracts';
import type { EventTransport } from '@erp/kit';

/** The relay's side of a transport, in memory: it keeps what was published and fails when told to. */
export interface RecordingTransport extends Pick<EventTransport, 'publish'> {
  readonly published: CloudEvent[];
}

export function recordingTransport(options: { failFor?: (event: CloudEvent) => boolean; delayMs?: number } = {}): RecordingTransport {
  const published: CloudEvent[] = [];
  return {
    published,
    async publish(event) {
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      if (options.failFor?.(event)) throw new Error(`broker refused ${event.id}`);
      published.push(event);
    },
  };
}
