import type { FastifyReply } from 'fastify';

/**
 * A signal that aborts when the client goes away before its answer is complete, so the provider call (and its
 * cost) stops too.
 */
export function clientSignal(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort(new DOMException('The client closed the connection.', 'AbortError'));
  });
  return controller.signal;
}
