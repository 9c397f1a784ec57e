import type { IncomingMessage } from 'node:http';
import { BadRequestError, type ServiceApp } from '@erp/kit';
import type { FastifyRequest } from 'fastify';
import { DOCUMENT_CONTENT_TYPES, mediaTypeOf } from '../domain/document.js';
import { DocumentTooLargeError, DocumentTypeUnsupportedError } from '../errors.js';

type Done = (error: Error | null, body?: Buffer) => void;

/**
 * Reads a raw upload into one buffer of at most `maxBytes`: a larger `Content-Length` is refused before anything
 * is read, and a body that grows past the limit while it streams in is refused the moment it does. Like
 * Fastify's own limit, it stops listening rather than destroying the socket, so the 413 still reaches the client.
 */
export function readLimitedBody(maxBytes: number) {
  return (request: FastifyRequest, payload: IncomingMessage, done: Done): void => {
    if (Number(request.headers['content-length']) > maxBytes) {
      done(new DocumentTooLargeError(maxBytes));
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    const stop = () => {
      payload.removeListener('data', onData);
      payload.removeListener('end', onEnd);
      payload.removeListener('error', onError);
    };
    function onData(chunk: Buffer): void {
      received += chunk.length;
      if (received > maxBytes) {
        stop();
        done(new DocumentTooLargeError(maxBytes));
        return;
      }
      chunks.push(chunk);
    }
    function onEnd(): void {
      stop();
      done(null, Buffer.concat(chunks, received));
    }
    function onError(): void {
      stop();
      done(new BadRequestError('The upload broke off before its end; send the file again.'));
    }
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onError);
  };
}

/** The parsers of the upload route: the document types as raw bytes, anything else refused with 415 unread. */
export function installUploadParsers(app: ServiceApp, maxBytes: number): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser([...DOCUMENT_CONTENT_TYPES], readLimitedBody(maxBytes));
  app.addContentTypeParser('*', (request, _payload, done) => done(new DocumentTypeUnsupportedError(mediaTypeOf(request.headers['content-type']) || 'none')));
}
