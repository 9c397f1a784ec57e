/** One server-sent event, or a comment line (`event: 'comment'`). */
export interface ReceivedEvent {
  readonly event: string;
  readonly id: string | null;
  readonly data: string;
}

export interface SseConnection {
  readonly status: number;
  readonly headers: Headers;
  readonly events: ReceivedEvent[];
  /** Resolves with the first event (received so far or later) that `match` accepts; rejects after `timeoutMs`. */
  next(match: (event: ReceivedEvent) => boolean, timeoutMs?: number): Promise<ReceivedEvent>;
  /** Resolves when the server ended the stream. */
  readonly ended: Promise<void>;
  close(): void;
}

/** Opens `url` with fetch and parses the body as server-sent events, as the dashboard page does. */
export async function openStream(url: string, headers: Record<string, string>): Promise<SseConnection> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const events: ReceivedEvent[] = [];
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const waiter of waiters) waiter();
  };
  const read = async () => {
    if (!response.body || !response.headers.get('content-type')?.startsWith('text/event-stream')) return;
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        events.push(...parseBlock(buffer.slice(0, end)));
        buffer = buffer.slice(end + 2);
      }
      notify();
    }
  };
  const ended = read()
    .catch(() => {})
    .finally(notify);
  let finished = false;
  void ended.then(() => {
    finished = true;
  });
  return {
    status: response.status,
    headers: response.headers,
    events,
    ended,
    next(match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(match);
          if (found) {
            done();
            resolve(found);
          } else if (finished) {
            done();
            reject(new Error(`the stream ended without the expected event; received ${JSON.stringify(events.map((event) => event.event))}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no matching event within ${timeoutMs} ms; received ${JSON.stringify(events.map((event) => event.event))}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close: () => controller.abort(),
  };
}

function parseBlock(block: string): ReceivedEvent[] {
  const comments: ReceivedEvent[] = [];
  let event = 'message';
  let id: string | null = null;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) {
      comments.push({ event: 'comment', id: null, data: line.slice(1).trim() });
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'id') id = value;
    else if (field === 'data') data.push(value);
  }
  return data.length > 0 ? [...comments, { event, id, data: data.join('\n') }] : comments;
}
