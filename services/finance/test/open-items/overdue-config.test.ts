import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

describe('loadConfig for the overdue check', () => {
  it('should check hourly with levels after 0, 14 and 28 days in Berlin by default', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://db/erp' });

    expect(config).toMatchObject({ overdueCheckIntervalMs: 3_600_000, dunningLevelDays: [0, 14, 28], businessTimeZone: 'Europe/Berlin' });
  });

  it('should take the interval (0 switches the check off), the level days and the time zone from the environment', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://db/erp', OVERDUE_CHECK_INTERVAL_MS: '0', DUNNING_LEVEL_DAYS: '7,21', BUSINESS_TIME_ZONE: 'UTC' });

    expect(config).toMatchObject({ overdueCheckIntervalMs: 0, dunningLevelDays: [7, 21], businessTimeZone: 'UTC' });
    expect(Object.isFrozen(config.dunningLevelDays)).toBe(true);
  });
});
