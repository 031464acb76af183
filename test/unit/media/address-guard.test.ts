/**
 * The address guard as a pure table: which IPs are refused by default (v4, v6 and the IPv6 forms
 * that carry an IPv4 address), allow lists, the env variable, and the lookup that pins addresses.
 */
import { describe, expect, it } from 'vitest';
import {
  classifyAddress,
  createGuardedLookup,
  parseIp,
  privatePolicyFromEnv,
  refusalReason,
  resolveCheckedAddresses,
  type AddressClass,
  type HostResolver,
} from '../../../engine/assets/address-guard.js';

const TABLE: Array<[string, AddressClass]> = [
  // IPv4
  ['8.8.8.8', 'public'],
  ['93.184.216.34', 'public'],
  ['1.1.1.1', 'public'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['10.0.0.5', 'private'],
  ['10.255.255.255', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['172.15.255.255', 'public'],
  ['172.32.0.0', 'public'],
  ['192.168.1.1', 'private'],
  ['192.169.0.1', 'public'],
  ['169.254.169.254', 'link-local'],
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'reserved'],
  ['100.64.0.1', 'carrier-grade NAT'],
  ['100.127.255.255', 'carrier-grade NAT'],
  ['100.63.255.255', 'public'],
  ['100.128.0.0', 'public'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['255.255.255.255', 'reserved'],
  ['240.0.0.1', 'reserved'],
  ['198.18.0.1', 'reserved'],
  ['192.0.2.10', 'reserved'],
  // IPv6
  ['2606:4700:4700::1111', 'public'],
  ['2001:4860:4860::8888', 'public'],
  ['::1', 'loopback'],
  ['::', 'unspecified'],
  ['0:0:0:0:0:0:0:1', 'loopback'],
  ['fc00::1', 'private'],
  ['fd12:3456:789a::1', 'private'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'],
  ['febf::1', 'link-local'],
  ['fec0::1', 'private'],
  ['ff02::1', 'multicast'],
  ['2001:db8::1', 'reserved'],
  ['[::1]', 'loopback'],
  // IPv6 forms that carry an IPv4 address
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['::ffff:10.0.0.5', 'private'],
  ['::ffff:a00:5', 'private'],
  ['::ffff:169.254.169.254', 'link-local'],
  ['::ffff:0.0.0.0', 'unspecified'],
  ['::ffff:8.8.8.8', 'public'],
  ['::127.0.0.1', 'loopback'],
  ['64:ff9b::10.0.0.5', 'private'],
  ['64:ff9b::8.8.8.8', 'public'],
  ['2002:7f00:0001::', 'loopback'],
  ['2002:c0a8:0101::1', 'private'],
  // not IP literals
  ['example.com', 'reserved'],
  ['999.1.1.1', 'reserved'],
];

describe('classifyAddress', () => {
  it.each(TABLE)('%s is %s', (ip, cls) => {
    expect(classifyAddress(ip)).toBe(cls);
  });

  it('parses IPv6 with embedded dotted quads and :: in any place', () => {
    expect(Array.from(parseIp('::ffff:1.2.3.4') ?? [])).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 1, 2, 3, 4]);
    expect(Array.from(parseIp('1::') ?? []).slice(0, 2)).toEqual([0, 1]);
    expect(Array.from(parseIp('1:2:3:4:5:6:7:8') ?? []).at(-1)).toBe(8);
    expect(parseIp('1:2:3')).toBeUndefined();
  });
});

describe('refusalReason', () => {
  it('names the address and its class', () => {
    expect(refusalReason('10.0.0.5')).toBe('refused: 10.0.0.5 is a private address');
    expect(refusalReason('127.0.0.1')).toBe('refused: 127.0.0.1 is a loopback address');
    expect(refusalReason('::')).toBe('refused: :: is an unspecified address');
    expect(refusalReason('100.64.1.1')).toBe('refused: 100.64.1.1 is a carrier-grade NAT address');
    expect(refusalReason('8.8.8.8')).toBeUndefined();
  });

  it('true allows everything; a list allows its ranges only (IPv4 entries cover the mapped form)', () => {
    expect(refusalReason('10.0.0.5', true)).toBeUndefined();
    expect(refusalReason('127.0.0.1', ['127.0.0.1'])).toBeUndefined();
    expect(refusalReason('::ffff:127.0.0.1', ['127.0.0.0/8'])).toBeUndefined();
    expect(refusalReason('127.0.0.2', ['127.0.0.1/32'])).toContain('loopback');
    expect(refusalReason('10.1.2.3', ['10.0.0.0/8'])).toBeUndefined();
    expect(refusalReason('192.168.0.1', ['10.0.0.0/8'])).toContain('private');
    expect(refusalReason('::1', ['127.0.0.0/8'])).toContain('loopback');
    expect(refusalReason('fd00::1', ['fd00::/8'])).toBeUndefined();
  });
});

describe('privatePolicyFromEnv', () => {
  it('reads 1/true, 0/empty and CIDR lists, and rejects garbage', () => {
    expect(privatePolicyFromEnv({})).toBe(false);
    expect(privatePolicyFromEnv({ FRAMESMITH_ALLOW_PRIVATE_MEDIA: '0' })).toBe(false);
    expect(privatePolicyFromEnv({ FRAMESMITH_ALLOW_PRIVATE_MEDIA: '1' })).toBe(true);
    expect(privatePolicyFromEnv({ FRAMESMITH_ALLOW_PRIVATE_MEDIA: 'true' })).toBe(true);
    expect(privatePolicyFromEnv({ FRAMESMITH_ALLOW_PRIVATE_MEDIA: '10.0.0.0/8, 127.0.0.1' })).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(() => privatePolicyFromEnv({ FRAMESMITH_ALLOW_PRIVATE_MEDIA: 'maybe' })).toThrow(/not an IP address/);
  });
});

describe('resolveCheckedAddresses and the guarded lookup', () => {
  const fake = (map: Record<string, string[]>): HostResolver => async (host) => {
    const list = map[host];
    if (!list) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

  it('refuses a host when any of its addresses is refused', async () => {
    const resolver = fake({ 'mixed.test': ['93.184.216.34', '10.0.0.5'], 'ok.test': ['93.184.216.34'] });
    await expect(resolveCheckedAddresses('mixed.test', false, resolver)).rejects.toThrow('refused: 10.0.0.5 is a private address');
    await expect(resolveCheckedAddresses('ok.test', false, resolver)).resolves.toEqual([{ address: '93.184.216.34', family: 4 }]);
    await expect(resolveCheckedAddresses('nowhere.test', false, resolver)).rejects.toThrow('cannot resolve host nowhere.test (ENOTFOUND)');
    await expect(resolveCheckedAddresses('[::1]', false, resolver)).rejects.toThrow('loopback');
  });

  it('gives the socket exactly the checked addresses, resolving once per connect', async () => {
    let calls = 0;
    const answers = [['93.184.216.34', '2606:4700::1'], ['127.0.0.1']];
    const rebinding: HostResolver = async () => (answers[Math.min(calls++, 1)] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    const lookup = createGuardedLookup(false, rebinding);
    const call = (options: object): Promise<unknown[]> =>
      new Promise((resolve) => (lookup as unknown as (h: string, o: object, cb: (...a: unknown[]) => void) => void)('rebind.test', options, (...a) => resolve(a)));
    expect(await call({ all: true })).toEqual([null, [{ address: '93.184.216.34', family: 4 }, { address: '2606:4700::1', family: 6 }]]);
    // The second resolution (a rebind to loopback) is refused, not connected to.
    const [err] = await call({});
    expect(String(err)).toContain('refused: 127.0.0.1 is a loopback address');
    expect(calls).toBe(2);
  });

  it('honours the family the socket asks for', async () => {
    const lookup = createGuardedLookup(false, fake({ 'dual.test': ['93.184.216.34', '2606:4700::1'] }));
    const res = await new Promise<unknown[]>((resolve) =>
      (lookup as unknown as (h: string, o: object, cb: (...a: unknown[]) => void) => void)('dual.test', { family: 6 }, (...a) => resolve(a)));
    expect(res).toEqual([null, '2606:4700::1', 6]);
  });
});
