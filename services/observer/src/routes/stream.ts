import type { ServerResponse } from 'node:http';
import { type ServiceApp, sendProblem } from '@erp/kit';
import Type from 'typebox';
import type { StreamClient, StreamHub } from '../dashboard/stream-hub.js';
import { StreamLimitReachedError } from '../errors.js';

const StreamHeaders = Type.Object({
  'last-event-id': Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$', description: 'The id of the last round received (epoch ms).' })),
});

// How long the browser waits before it reconnects, and a refused client before it tries again.
const RETRY_MS = 3000;
const RETRY_AFTER_S = 5;

function toStreamClient(response: ServerResponse): StreamClient {
  return {
    write(chunk) {
      // After the client went away a write would only raise; its close handler detaches it.
      if (response.writableEnded || response.destroyed) return 0;
      response.write(chunk);
      return response.writableLength;
    },
    end() {
      if (!response.writableEnded) response.end();
    },
  };
}

/**
 * `GET /stream` (observer.monitoring:read): server-sent events, one `round` event per collection round (the new
 * point of each service and the incidents opened and resolved), a comment line as heartbeat, and `ready` once
 * the client caught up after `Last-Event-ID`. Beyond `OBSERVER_STREAMS_MAX` open streams: 503 with Retry-After.
 */
export async function streamRoutes(app: ServiceApp, { hub, streamsMax }: { hub: StreamHub; streamsMax: number }): Promise<void> {
  app.get(
    '/stream',
    {
      config: { permission: 'observer.monitoring:read' },
      schema: { tags: ['observer'], headers: StreamHeaders, querystring: Type.Object({}, { additionalProperties: false }) },
    },
    async (request, reply) => {
      if (!hub.hasRoom()) {
        request.log.warn({ streams_max: streamsMax }, 'dashboard stream refused: limit reached');
        return sendProblem(reply.header('retry-after', String(RETRY_AFTER_S)), new StreamLimitReachedError(streamsMax));
      }
      const lastEventId = request.headers['last-event-id'];
      // The response is written by hand from here on, and it is not timed: an hour-long stream is no latency.
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': String(request.id),
      });
      reply.raw.write(`retry: ${RETRY_MS}\n\n`);
      const detach = hub.attach(toStreamClient(reply.raw), lastEventId === undefined ? undefined : Number(lastEventId));
      reply.raw.on('close', detach);
    },
  );
}
