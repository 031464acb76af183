/**
 * The address guard of remote media: which IP addresses the engine may connect to when it
 * fetches an http(s) URL named by a composition, and a `lookup` function for node's http/https
 * requests that resolves a host once, checks every address, and hands the socket only checked
 * addresses, so a DNS answer that changes between the check and the connect (rebinding) cannot
 * reach a refused address.
 *
 * Refused by default: loopback, private (RFC 1918, IPv6 unique-local), link-local, unspecified,
 * carrier-grade NAT (100.64/10), multicast, and reserved ranges (0/8, 240/4, broadcast,
 * benchmarking, documentation), including their IPv4-mapped / -compatible / NAT64 / 6to4 IPv6
 * forms. `allowPrivateAddresses` (or `FRAMESMITH_ALLOW_PRIVATE_MEDIA`) lifts the check, entirely
 * (`true`) or for a list of CIDR ranges.
 */
import { lookup as dnsLookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';

/** What kind of address an IP is. Everything but `public` is refused by default. */
export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unspecified'
  | 'carrier-grade NAT'
  | 'multicast'
  | 'reserved';

/** `true`: any address; a list: these CIDR ranges (or single IPs) on top of the public ones; `false`: public only. */
export type PrivateAddressPolicy = boolean | readonly string[];

/** One resolved address. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to all its addresses (the default is `dns.lookup(host, { all: true })`). */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** Error raised by the guard; `reason` is the human part, e.g. "refused: 10.0.0.5 is a private address". */
export class AddressRefusedError extends Error {
  override name = 'AddressRefusedError';
  readonly code = 'EFRAMESMITHREFUSED';
  constructor(readonly reason: string, readonly address?: string) {
    super(reason);
  }
}

interface Range {
  /** 4 or 16 bytes. */
  bytes: Uint8Array;
  prefix: number;
  cls: Exclude<AddressClass, 'public'>;
}

const V4_RANGES: Array<[string, Exclude<AddressClass, 'public'>]> = [
  ['0.0.0.0/32', 'unspecified'],
  ['0.0.0.0/8', 'reserved'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'carrier-grade NAT'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'],
  ['192.0.2.0/24', 'reserved'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'reserved'],
  ['198.51.100.0/24', 'reserved'],
  ['203.0.113.0/24', 'reserved'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'reserved'],
  ['240.0.0.0/4', 'reserved'],
];

const V6_RANGES: Array<[string, Exclude<AddressClass, 'public'>]> = [
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['fc00::/7', 'private'],
  ['fec0::/10', 'private'], // deprecated site-local
  ['fe80::/10', 'link-local'],
  ['ff00::/8', 'multicast'],
  ['2001:db8::/32', 'reserved'], // documentation
  ['100::/64', 'reserved'], // discard-only
];

const RANGES: Range[] = [...V4_RANGES, ...V6_RANGES].map(([cidr, cls]) => ({ ...parseCidr(cidr), cls }));

/**
 * Parses an IPv4 or IPv6 literal (a zone id `%eth0` and IPv6 brackets are ignored) to its bytes.
 * @returns 4 bytes for IPv4, 16 for IPv6, undefined when `ip` is not an IP literal.
 */
export function parseIp(ip: string): Uint8Array | undefined {
  let text = ip.trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const kind = isIP(text);
  if (kind === 4) return Uint8Array.from(text.split('.').map(Number));
  if (kind !== 6) return undefined;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    tail = text.slice(lastColon + 1).split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}0:0`; // placeholder groups for the dotted quad
  }
  const [head = '', rest] = text.split('::');
  const groups = (s: string): number[] => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const fill = rest === undefined ? [] : new Array<number>(8 - left.length - right.length).fill(0);
  const all = [...left, ...fill, ...right];
  const bytes = new Uint8Array(16);
  all.forEach((g, i) => {
    bytes[i * 2] = (g >> 8) & 0xff;
    bytes[i * 2 + 1] = g & 0xff;
  });
  if (tail.length === 4) bytes.set(tail, 12);
  return bytes;
}

/** Parses `a.b.c.d/n`, `x::/n`, or a single address (a full-length prefix). */
export function parseCidr(cidr: string): { bytes: Uint8Array; prefix: number } {
  const [ip = '', prefixText] = cidr.trim().split('/');
  const bytes = parseIp(ip);
  if (!bytes) throw new Error(`"${cidr}" is not an IP address or CIDR range`);
  const max = bytes.length * 8;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) throw new Error(`"${cidr}" has an invalid prefix length`);
  return { bytes, prefix };
}

function inRange(bytes: Uint8Array, range: { bytes: Uint8Array; prefix: number }): boolean {
  if (bytes.length !== range.bytes.length) return false;
  let bits = range.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((bytes[i] ?? 0) & mask) !== ((range.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

/**
 * The IPv4 address an IPv6 address carries, for the forms that reach it: IPv4-mapped
 * `::ffff:a.b.c.d`, IPv4-compatible `::a.b.c.d` (deprecated), NAT64 `64:ff9b::a.b.c.d`, 6to4 `2002:AABB:CCDD::`.
 */
function embeddedV4(b: Uint8Array): Uint8Array | undefined {
  const zeros = (from: number, to: number): boolean => b.slice(from, to).every((x) => x === 0);
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return b.slice(12, 16);
  if (zeros(0, 12) && !zeros(12, 16) && !(zeros(12, 15) && b[15] === 1)) return b.slice(12, 16);
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12)) return b.slice(12, 16);
  if (b[0] === 0x20 && b[1] === 0x02) return b.slice(2, 6);
  return undefined;
}

/** Classifies an IP literal; anything that is not an IP literal is `reserved` (never connectable). */
export function classifyAddress(ip: string): AddressClass {
  const bytes = parseIp(ip);
  if (!bytes) return 'reserved';
  return classifyBytes(bytes);
}

function classifyBytes(bytes: Uint8Array): AddressClass {
  if (bytes.length === 16) {
    const v4 = embeddedV4(bytes);
    if (v4) {
      const inner = classifyBytes(v4);
      if (inner !== 'public') return inner;
    }
  }
  for (const range of RANGES) if (inRange(bytes, range)) return range.cls;
  return 'public';
}

/**
 * Why connecting to `ip` is refused under `policy`, or undefined when it is allowed.
 * The reason reads "refused: 10.0.0.5 is a private address".
 */
export function refusalReason(ip: string, policy: PrivateAddressPolicy = false): string | undefined {
  if (policy === true) return undefined;
  const bytes = parseIp(ip);
  if (!bytes) return `refused: ${ip} is not an IP address`;
  const cls = classifyBytes(bytes);
  if (cls === 'public') return undefined;
  if (policy !== false && policy.some((cidr) => inRange(bytes, parseCidr(cidr)) || inRangeMapped(bytes, cidr))) return undefined;
  const article = cls === 'unspecified' ? 'an' : 'a';
  return `refused: ${ip} is ${article} ${cls} address`;
}

/** An IPv4 allow entry also covers the IPv4-mapped IPv6 form of its addresses. */
function inRangeMapped(bytes: Uint8Array, cidr: string): boolean {
  if (bytes.length !== 16) return false;
  const v4 = embeddedV4(bytes);
  return v4 !== undefined && inRange(v4, parseCidr(cidr));
}

/**
 * Reads `FRAMESMITH_ALLOW_PRIVATE_MEDIA`: unset, empty, `0`, `false`: refuse; `1`, `true`, `yes`:
 * allow everything; otherwise a comma-separated list of CIDR ranges to allow.
 * @throws Error when a list entry is not a CIDR range.
 */
export function privatePolicyFromEnv(env: NodeJS.ProcessEnv = process.env): PrivateAddressPolicy {
  return parsePrivatePolicy(env.FRAMESMITH_ALLOW_PRIVATE_MEDIA);
}

/**
 * A private-address policy as settings spell it: empty, `0`/`false`/`no` → refused; `1`/`true`/`yes`
 * → allowed; otherwise a comma-separated list of CIDR ranges.
 * @throws Error naming the first entry that is not a CIDR range.
 */
export function parsePrivatePolicy(value: string | undefined): PrivateAddressPolicy {
  const raw = (value ?? '').trim();
  if (raw === '' || /^(0|false|no)$/i.test(raw)) return false;
  if (/^(1|true|yes)$/i.test(raw)) return true;
  const list = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const cidr of list) parseCidr(cidr);
  return list;
}

/** `dns.lookup(host, { all: true, verbatim: true })` as a promise. */
export const systemResolver: HostResolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => {
      if (err) reject(err);
      else resolve(addresses.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 })));
    });
  });

/**
 * Resolves `hostname` (an IP literal resolves to itself) and checks every address.
 * A host with any refused address is refused as a whole: an attacker who controls a DNS
 * name must not be able to mix a public address with an internal one.
 *
 * @throws AddressRefusedError when an address is refused or the host does not resolve.
 */
export async function resolveCheckedAddresses(
  hostname: string,
  policy: PrivateAddressPolicy,
  resolver: HostResolver = systemResolver,
): Promise<ResolvedAddress[]> {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  const literal = isIP(bare);
  let addresses: ResolvedAddress[];
  if (literal !== 0) {
    addresses = [{ address: bare, family: literal === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await resolver(bare);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
      throw new AddressRefusedError(`cannot resolve host ${bare} (${code})`);
    }
    if (addresses.length === 0) throw new AddressRefusedError(`cannot resolve host ${bare} (no addresses)`);
  }
  for (const { address } of addresses) {
    const reason = refusalReason(address, policy);
    if (reason) throw new AddressRefusedError(reason, address);
  }
  return addresses;
}

/**
 * A `lookup` for `http.request` / `https.request` / `net.connect` that resolves through
 * `resolver`, refuses the host unless every address passes the guard, and otherwise gives the
 * socket exactly the checked addresses. The socket never resolves the name again, so the
 * address connected to is an address that was checked.
 *
 * @remarks Node skips `lookup` for IP-literal hosts: check those with
 * {@link resolveCheckedAddresses} before making the request (fetch-remote does).
 */
export function createGuardedLookup(policy: PrivateAddressPolicy, resolver: HostResolver = systemResolver): LookupFunction {
  const lookup = (
    hostname: string,
    options: { family?: number | string; all?: boolean } | number | null | undefined,
    callback: (err: NodeJS.ErrnoException | null, address: string | ResolvedAddress[], family?: number) => void,
  ): void => {
    const opts = typeof options === 'object' && options !== null ? options : { family: options ?? undefined };
    const wanted = opts.family === 4 || opts.family === 'IPv4' ? 4 : opts.family === 6 || opts.family === 'IPv6' ? 6 : 0;
    resolveCheckedAddresses(hostname, policy, resolver).then(
      (all) => {
        const usable = wanted === 0 ? all : all.filter((a) => a.family === wanted);
        const first = usable[0];
        if (!first) {
          callback(Object.assign(new Error(`no IPv${wanted} address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
          return;
        }
        if (opts.all) callback(null, usable);
        else callback(null, first.address, first.family);
      },
      (err: Error) => callback(err as NodeJS.ErrnoException, '', 0),
    );
  };
  return lookup as unknown as LookupFunction;
}
