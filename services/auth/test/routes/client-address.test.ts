import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../src/routes/client-address.js';

const trusted = new Set(['127.0.0.1']);

describe('clientAddress', () => {
  it('should take the last forwarded address when the peer is a trusted proxy', () => {
    expect(clientAddress({ ip: '127.0.0.1', headers: { 'x-forwarded-for': '198.51.100.1, 203.0.113.7' } }, trusted)).toBe('203.0.113.7');
  });

  it('should ignore the header from a peer that is not a trusted proxy', () => {
    expect(clientAddress({ ip: '192.0.2.9', headers: { 'x-forwarded-for': '203.0.113.7' } }, trusted)).toBe('192.0.2.9');
  });

  it('should fall back to the peer when the forwarded value is not an address', () => {
    expect(clientAddress({ ip: '127.0.0.1', headers: { 'x-forwarded-for': 'evil; drop table' } }, trusted)).toBe('127.0.0.1');
    expect(clientAddress({ ip: '127.0.0.1', headers: {} }, trusted)).toBe('127.0.0.1');
  });
});
