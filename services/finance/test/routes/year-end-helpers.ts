import { type Client, FINANCE } from '../helpers.js';

/** Closes periods 1 to `count` of `year`, locking every third one (both count as done for the closing). */
export async function closePeriods(caller: Client, year: number, count = 12): Promise<void> {
  for (let period = 1; period <= count; period += 1) {
    const response = await caller.post(`${FINANCE}/fiscal-years/${year}/periods/${period}/${period % 3 === 0 ? 'lock' : 'close'}`, {});
    if (response.statusCode !== 200) throw new Error(`closing ${year}-${period} failed: ${response.body}`);
  }
}

/** Closes the periods of `year` and then the year; returns the answer of the closing. */
export async function closeYear(caller: Client, year: number, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  await closePeriods(caller, year);
  return caller.post(`${FINANCE}/fiscal-years/${year}/close`, body, headers);
}
