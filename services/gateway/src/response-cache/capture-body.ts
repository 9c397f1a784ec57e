import { pipeline, type Readable, Transform } from 'node:stream';

export interface CaptureOptions {
  /** A body longer than this is passed on without being kept. */
  limitBytes: number;
  /** Called with the whole body once it has been sent on completely. */
  onComplete(body: Buffer): void;
  onTooLarge(): void;
}

/**
 * Keeps a copy of a response body while it streams to the client, up to a limit. The body reaches the client
 * as fast as before: nothing waits for the copy. A body that ends in an error (the upstream or the client
 * broke off) is never handed to `onComplete`.
 */
export function captureBody(payload: unknown, options: CaptureOptions): unknown {
  if (typeof payload === 'string' || Buffer.isBuffer(payload)) {
    const body = Buffer.from(payload);
    if (body.length > options.limitBytes) options.onTooLarge();
    else options.onComplete(body);
    return payload;
  }
  if (typeof (payload as Readable | null)?.pipe !== 'function') return payload;
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  const observer = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (!tooLarge) {
        size += chunk.length;
        tooLarge = size > options.limitBytes;
        if (tooLarge) {
          chunks.length = 0;
          options.onTooLarge();
        } else chunks.push(chunk);
      }
      done(null, chunk);
    },
    flush(done) {
      if (!tooLarge) options.onComplete(Buffer.concat(chunks));
      done();
    },
  });
  // An error on either side destroys both; Fastify then ends the response as it would without the copy.
  pipeline(payload as Readable, observer, () => {});
  return observer;
}
