import { describe, expect, it } from 'vitest';
import { parseScaleArguments } from '../src/commands/scale.js';
import { UsageError } from '../src/config.js';
import { parseScaleRequest } from '../src/system/control.js';

describe('erp scale arguments', () => {
  it('should read service=count pairs and a data folder', () => {
    expect(parseScaleArguments(['core=3', '--data-dir', '/tmp/erp-x', 'ai=1'], '/default')).toEqual({
      targets: [
        { service: 'core', count: 3 },
        { service: 'ai', count: 1 },
      ],
      dataDir: '/tmp/erp-x',
    });
  });

  it.each([[[]], [['core']], [['core=0']], [['core=9']], [['core=-1']], [['bogus=2']], [['core=2x']], [['--data-dir']]])(
    'should refuse %j with a usage error',
    (argv) => {
      expect(() => parseScaleArguments(argv, '/default')).toThrow(UsageError);
    },
  );
});

describe('the control socket request', () => {
  it('should accept a known service with a whole count and name what is wrong otherwise', () => {
    expect(parseScaleRequest('{"service":"finance","count":2}')).toEqual({ service: 'finance', count: 2 });
    expect(parseScaleRequest('{"service":"finance","count":2.5}')).toBe('count must be a whole number');
    expect(parseScaleRequest('{"service":"x","count":2}')).toBe('unknown service "x"');
    expect(parseScaleRequest('not json')).toBe('the body is not JSON');
    expect(parseScaleRequest('null')).toBe('unknown service undefined');
  });
});
