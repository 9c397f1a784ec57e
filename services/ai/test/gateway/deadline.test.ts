import { describe, expect, it } from 'vitest';
import { createDeadline } from '../../src/gateway/deadline.js';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createDeadline', () => {
  it('should abort with a TimeoutError when nothing touches it in time', async () => {
    const deadline = createDeadline(20, new AbortController().signal);

    await wait(60);

    expect(deadline.expired).toBe(true);
    expect(deadline.signal.reason).toMatchObject({ name: 'TimeoutError' });
  });

  it('should wait again from each touch', async () => {
    const deadline = createDeadline(50);

    for (let step = 0; step < 4; step += 1) {
      await wait(25);
      deadline.touch();
    }

    expect(deadline.signal.aborted).toBe(false);
    deadline.clear();
  });

  it("should abort with the client's reason when the client goes away, without counting as expired", () => {
    const client = new AbortController();
    const deadline = createDeadline(10_000, client.signal);

    client.abort(new Error('client closed the connection'));

    expect(deadline.signal.reason).toMatchObject({ message: 'client closed the connection' });
    expect(deadline.expired).toBe(false);
    deadline.clear();
  });

  it('should start aborted when the client is already gone', () => {
    const client = new AbortController();
    client.abort(new Error('gone'));

    const deadline = createDeadline(10_000, client.signal);

    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.signal.reason).toMatchObject({ message: 'gone' });
  });

  it('should neither time out nor follow the client once cleared', async () => {
    const client = new AbortController();
    const deadline = createDeadline(20, client.signal);

    deadline.clear();
    client.abort(new Error('late'));
    await wait(50);

    expect(deadline.signal.aborted).toBe(false);
  });
});
