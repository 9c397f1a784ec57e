import { defineError } from '@erp/kit';

export const UpstreamUnavailableError = defineError({
  code: 'GW_UPSTREAM_UNAVAILABLE',
  status: 502,
  title: 'Bad Gateway',
  detail: (service: string) => `The ${service} service did not answer. Try again shortly; if it persists, check \`erp status\`.`,
});

export const NoUpstreamError = defineError({
  code: 'GW_NO_UPSTREAM',
  status: 503,
  title: 'Service Unavailable',
  detail: (service: string) => `No instance of the ${service} service is running or configured. Start it, or set ${service.toUpperCase()}_URL.`,
});

export const UpstreamTimeoutError = defineError({
  code: 'GW_UPSTREAM_TIMEOUT',
  status: 504,
  title: 'Gateway Timeout',
  detail: (service: string, timeoutMs: number) => `The ${service} service did not answer within ${timeoutMs} ms.`,
});

export const InvalidPathError = defineError({
  code: 'GW_INVALID_PATH',
  status: 400,
  title: 'Invalid path',
  detail: () => 'The path contains a ".." segment or malformed percent-encoding; send a normalised path.',
});

export const RateLimitedError = defineError({
  code: 'GW_RATE_LIMITED',
  status: 429,
  title: 'Too Many Requests',
  detail: (retryAfterS: number) => `Too many requests for this route. Wait ${retryAfterS} s (see Retry-After) before sending another.`,
});

/** The gateway's error catalogue, for the README table test. */
export const GATEWAY_ERRORS = [UpstreamUnavailableError, NoUpstreamError, UpstreamTimeoutError, InvalidPathError, RateLimitedError];
