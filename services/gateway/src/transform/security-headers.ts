import helmet from 'helmet';

/**
 * Helmet's default security headers, computed once. @fastify/helmet rebuilds its middleware on every
 * request, which showed in the gateway's CPU profile; the headers are the same for every response of a JSON
 * API, so they are taken from helmet (the well-kept source of what to send) once at start and set as a map.
 */
export function helmetDefaultHeaders(): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown;
  helmet()({} as never, response as never, (error?: unknown) => {
    failure = error;
  });
  if (failure) throw failure;
  return Object.freeze(headers);
}
