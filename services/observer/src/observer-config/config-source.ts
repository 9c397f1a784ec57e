import { type FSWatcher, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { ObserverConfig } from '@erp/contracts';
import { type ConfigFieldError, describeConfigErrors, validateObserverConfig } from '../domain/config-validation.js';

/** A change of the file that was refused; the previous configuration stayed in force. */
export interface ConfigRejection {
  readonly at: Date;
  readonly message: string;
  readonly errors: readonly ConfigFieldError[];
}

export type ReloadOutcome = 'reloaded' | 'unchanged' | 'rejected';

/** The observer's configuration as currently in force, kept up to date with its file. */
export interface ConfigSource {
  readonly path: string;
  current(): ObserverConfig;
  loadedAt(): Date;
  /** The last refused change, until a valid change replaces it. */
  lastRejection(): ConfigRejection | null;
  /** Reads the file again (the watcher calls this); an invalid file is refused and the old configuration kept. */
  reload(): Promise<ReloadOutcome>;
  close(): void;
}

/** Thrown when the file is unusable at start: without a first valid configuration there is nothing to watch with. */
export class ObserverConfigInvalidError extends Error {
  override readonly name = 'ObserverConfigInvalidError';
  constructor(
    readonly path: string,
    readonly errors: readonly ConfigFieldError[],
  ) {
    super(`${path} is invalid: ${describeConfigErrors(errors)}`);
  }
}

interface Logger {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface ConfigSourceOptions {
  readonly logger: Logger;
  /** Editors write a file in several steps; changes are read this long after the last one. */
  readonly debounceMs?: number;
  readonly watch?: boolean;
}

async function readConfig(path: string): Promise<{ ok: true; config: ObserverConfig } | { ok: false; errors: readonly ConfigFieldError[] }> {
  try {
    return validateObserverConfig(await readFile(path, 'utf8'));
  } catch (error) {
    return { ok: false, errors: [{ path: '', message: `cannot be read (${(error as Error).message})` }] };
  }
}

/** Reads and validates the file, then watches its folder (a rename-on-save replaces the file itself). */
export async function openConfigSource(path: string, options: ConfigSourceOptions): Promise<ConfigSource> {
  const first = await readConfig(path);
  if (!first.ok) throw new ObserverConfigInvalidError(path, first.errors);
  let config = first.config;
  let loadedAt = new Date();
  let rejection: ConfigRejection | null = null;
  const reload = async (): Promise<ReloadOutcome> => {
    const read = await readConfig(path);
    if (!read.ok) {
      rejection = { at: new Date(), message: `${path} is invalid: ${describeConfigErrors(read.errors)}`, errors: read.errors };
      options.logger.error({ path, errors: read.errors }, 'observer config change rejected; the previous configuration stays in force');
      return 'rejected';
    }
    rejection = null;
    if (JSON.stringify(read.config) === JSON.stringify(config)) return 'unchanged';
    config = read.config;
    loadedAt = new Date();
    options.logger.info({ path, services: Object.keys(config.services).length, interval_ms: config.interval_ms }, 'observer config reloaded');
    return 'reloaded';
  };
  const watcher = options.watch === false ? undefined : watchFile(path, options.debounceMs ?? 200, reload, options.logger);
  return {
    path,
    current: () => config,
    loadedAt: () => loadedAt,
    lastRejection: () => rejection,
    reload,
    close: () => watcher?.close(),
  };
}

function watchFile(path: string, debounceMs: number, reload: () => Promise<ReloadOutcome>, logger: Logger): { close(): void } {
  let timer: NodeJS.Timeout | undefined;
  const name = basename(path);
  const watcher: FSWatcher = watch(dirname(path), { persistent: false }, (_event, filename) => {
    if (filename !== null && filename !== name) return;
    clearTimeout(timer);
    timer = setTimeout(() => void reload().catch((error: unknown) => logger.error({ err: error }, 'observer config reload failed')), debounceMs);
  });
  watcher.on('error', (error) => logger.error({ err: error, path }, 'watching the observer config failed'));
  return {
    close: () => {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
