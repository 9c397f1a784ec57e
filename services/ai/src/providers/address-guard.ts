import { lookup } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Agent } from 'undici';
import { createUndiciFetch } from './undici-fetch.js';

// Addresses a tenant must not make the service call: loopback, private networks, link-local (cloud metadata
// at 169.254.169.254), carrier-grade NAT, benchmarking, multicast and reserved ranges, IPv6 equivalents.
const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  BLOCKED.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  BLOCKED.addSubnet(network, prefix, 'ipv6');

/** Whether an IP address lies in a private, loopback, link-local or otherwise non-public range. */
export function isNonPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return isNonPublicAddress(mapped);
  const family = isIP(address);
  if (family === 0) return true;
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Why a provider URL a tenant chose is refused, or `undefined` when it is acceptable. */
export function providerUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'The base URL is not a valid URL.';
  }
  if (parsed.protocol !== 'https:') return 'The base URL must use https.';
  if (parsed.username || parsed.password) return 'The base URL must not contain credentials; put the key in api_key.';
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) !== 0 && isNonPublicAddress(host))) return `The host ${host} is not a public address.`;
  return undefined;
}

const guardedLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const blocked = addresses.find((entry) => isNonPublicAddress(entry.address));
    if (blocked)
      return callback(Object.assign(new Error(`${hostname} resolves to the non-public address ${blocked.address}`), { code: 'EAI_NONPUBLIC' }), '', 0);
    if (options.all) return (callback as unknown as (error: null, all: { address: string; family: number }[]) => void)(null, addresses);
    const [first] = addresses;
    return first ? callback(null, first.address, first.family) : callback(new Error(`${hostname} has no address`), '', 0);
  });
};

/**
 * A `fetch` for tenants' providers that connects only to public addresses: the names are resolved by the guard
 * itself, at connect time, so a name that resolves to an internal address (also after a DNS change, "DNS
 * rebinding") cannot make the service call into its own network. It follows no redirects: an address literal in
 * a `Location` is connected to without any name lookup, so the guard would not see it.
 */
export function createGuardedFetch(): typeof globalThis.fetch {
  const guardedFetch = createUndiciFetch(new Agent({ connect: { lookup: guardedLookup } }), { followRedirects: false });
  return ((input: string | URL, init?: RequestInit) => {
    const host = new URL(typeof input === 'string' || input instanceof URL ? input : String(input)).hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) !== 0 && isNonPublicAddress(host))
      return Promise.reject(new TypeError('fetch failed', { cause: new Error(`${host} is not a public address`) }));
    return guardedFetch(input, init);
  }) as typeof globalThis.fetch;
}
