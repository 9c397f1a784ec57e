import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ConfigSource, ObserverConfigInvalidError, openConfigSource } from '../../src/observer-config/config-source.js';
import { observerFile, writeConfigFile } from '../helpers.js';

const logged: { level: string; fields: object; message: string }[] = [];
const logger = {
  info: (fields: object, message: string) => logged.push({ level: 'info', fields, message }),
  error: (fields: object, message: string) => logged.push({ level: 'error', fields, message }),
};
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  logged.length = 0;
});

async function open(content: unknown, watch = false): Promise<{ source: ConfigSource; write(next: unknown): Promise<void> }> {
  const file = await writeConfigFile(content);
  cleanups.push(file.remove);
  const source = await openConfigSource(file.path, { logger, watch, debounceMs: 20 });
  cleanups.push(() => source.close());
  return { source, write: file.write };
}

describe('openConfigSource', () => {
  it('should refuse to start on an invalid file, naming the field', async () => {
    const file = await writeConfigFile({ ...observerFile(), interval_ms: 10 });
    cleanups.push(file.remove);

    const opening = openConfigSource(file.path, { logger, watch: false });

    await expect(opening).rejects.toBeInstanceOf(ObserverConfigInvalidError);
    await expect(opening).rejects.toThrow(/\/interval_ms must be >= 500/);
  });

  it('should refuse to start on a file that does not exist', async () => {
    await expect(openConfigSource('/nonexistent/observer_config.json', { logger, watch: false })).rejects.toThrow(/cannot be read/);
  });

  it('should reload a valid change and log it', async () => {
    const { source, write } = await open(observerFile({ interval_ms: 1000 }));

    await write(observerFile({ interval_ms: 2000 }));

    expect(await source.reload()).toBe('reloaded');
    expect(source.current().interval_ms).toBe(2000);
    expect(logged).toContainEqual(expect.objectContaining({ level: 'info', message: 'observer config reloaded' }));
  });

  it('should reject an invalid change, keep the previous configuration and name the field', async () => {
    const { source, write } = await open(observerFile({ interval_ms: 1000 }));
    const defaults = { ...observerFile().defaults, cpu_percent: 150 };

    await write({ ...observerFile({ interval_ms: 3000 }), defaults });

    expect(await source.reload()).toBe('rejected');
    expect(source.current().interval_ms).toBe(1000);
    expect(source.lastRejection()).toMatchObject({
      errors: [{ path: '/defaults/cpu_percent', message: 'must be <= 100' }],
      message: expect.stringContaining('/defaults/cpu_percent must be <= 100'),
    });
    expect(logged).toContainEqual(
      expect.objectContaining({ level: 'error', message: 'observer config change rejected; the previous configuration stays in force' }),
    );
  });

  it('should clear the rejection once a valid file follows, and ignore a rewrite without changes', async () => {
    const { source, write } = await open(observerFile());
    await write('{ not json');
    await source.reload();

    await write(observerFile());

    expect(await source.reload()).toBe('unchanged');
    expect(source.lastRejection()).toBeNull();
  });

  it('should notice a change of the file by itself', async () => {
    const { source, write } = await open(observerFile({ interval_ms: 1000 }), true);

    await write(observerFile({ interval_ms: 4000 }));

    await vi.waitFor(() => expect(source.current().interval_ms).toBe(4000), { timeout: 5000, interval: 50 });
  });
});
