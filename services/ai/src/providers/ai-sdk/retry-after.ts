// The longest wait a vendor may impose through its headers; anything longer is read as this.
const RETRY_AFTER_MS_MAX = 3_600_000;

/**
 * How long the vendor asks to wait, from `retry-after-ms` (OpenAI), `retry-after` in seconds or as an HTTP
 * date (RFC 9110 §10.2.3), whichever is present; `undefined` without a usable header.
 */
export function retryAfterMsFrom(headers: Readonly<Record<string, string>> | undefined, now: number): number | undefined {
  if (!headers) return undefined;
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const milliseconds = Number(lower['retry-after-ms']);
  if (lower['retry-after-ms'] !== undefined && Number.isFinite(milliseconds) && milliseconds >= 0) return Math.min(milliseconds, RETRY_AFTER_MS_MAX);
  const value = lower['retry-after']?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.min(Math.ceil(Number(value) * 1000), RETRY_AFTER_MS_MAX);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.min(Math.max(0, date - now), RETRY_AFTER_MS_MAX);
}
