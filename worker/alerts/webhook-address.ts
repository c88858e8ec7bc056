// Which network addresses a webhook may be POSTed to. Link-local addresses are where cloud
// instance metadata services answer (169.254.169.254 hands out credentials), so a webhook URL is a
// server-side request forgery vector; they are refused unless a target allows them. Addresses
// that are no destination at all (unspecified, multicast, broadcast) are always refused. IPv6
// forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by that address.
// The check runs on the URL's host at config time and on every DNS answer at connect time, so a
// name that resolves (or is re-pointed) to a refused address is caught too.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIPv4, isIPv6, type LookupFunction } from 'node:net';

/** Why an address is refused; `allowable` ones pass when the target sets `allowLinkLocal`. */
export interface AddressRefusal {
  readonly what: string;
  readonly allowable: boolean;
}

/** Cloud metadata endpoints outside the link-local ranges (AWS over IPv6, Alibaba Cloud). */
const METADATA_V6 = 'fd00:ec2::254';
const METADATA_V4 = [100, 100, 100, 200];

/**
 * Why a webhook must not go to `address` (an IPv4 or IPv6 literal, brackets allowed), or undefined
 * when it may. Names that are not IP literals are undefined here: they are checked once resolved.
 */
export function refusedAddress(address: string): AddressRefusal | undefined {
  const text = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (isIPv4(text)) return refusedV4(text.split('.').map(Number), text);
  if (isIPv6(text)) return refusedV6(ipv6Bytes(text), text);
  return undefined;
}

/** The refusal that applies to a target with or without `allowLinkLocal`. */
export function blockingRefusal(address: string, allowLinkLocal: boolean): AddressRefusal | undefined {
  const r = refusedAddress(address);
  return r && !(r.allowable && allowLinkLocal) ? r : undefined;
}

/** An error from the connect-time check; the sender turns it into E_WEBHOOK_BLOCKED. */
export class BlockedAddressError extends Error {
  readonly code = 'E_WEBHOOK_BLOCKED';
  constructor(readonly hostname: string, readonly address: string, readonly refusal: AddressRefusal) {
    super(`${hostname} resolved to ${address}, ${refusal.what}`);
    this.name = 'BlockedAddressError';
  }
}

/**
 * A `lookup` for http(s).request that resolves with the system resolver and fails with
 * BlockedAddressError when any answer is refused, so the connection only ever goes to an address
 * that passed the check (no gap between checking and connecting for DNS rebinding to use).
 */
export function guardedLookup(allowLinkLocal: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      for (const a of addresses) {
        const refusal = blockingRefusal(a.address, allowLinkLocal);
        if (refusal) return callback(new BlockedAddressError(hostname, a.address, refusal), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

function refusedV4(b: number[], shown: string): AddressRefusal | undefined {
  if (b[0] === 169 && b[1] === 254) return { what: `${shown} is a link-local address (cloud metadata services answer there)`, allowable: true };
  if (b.every((x, i) => x === METADATA_V4[i])) return { what: `${shown} is a cloud metadata address`, allowable: true };
  if (b[0] === 0) return { what: `${shown} is an unspecified ("this network") address, not a destination`, allowable: false };
  if (b[0] >= 224 && b[0] <= 239) return { what: `${shown} is a multicast address`, allowable: false };
  if (b.every((x) => x === 255)) return { what: `${shown} is the broadcast address`, allowable: false };
  return undefined;
}

function refusedV6(b: number[], shown: string): AddressRefusal | undefined {
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  const v4 = embeddedV4(b, zero);
  if (v4) {
    const inner = refusedV4(v4, v4.join('.'));
    return inner && { what: `${shown} carries IPv4 ${v4.join('.')}: ${inner.what}`, allowable: inner.allowable };
  }
  if (zero(0, 16)) return { what: `${shown} is the unspecified address, not a destination`, allowable: false };
  if (b[0] === 0xfe && (b[1] & 0xc0) === 0x80) return { what: `${shown} is a link-local address (cloud metadata services answer there)`, allowable: true };
  if (b[0] === 0xff) return { what: `${shown} is a multicast address`, allowable: false };
  if (b.every((x, i) => x === ipv6Bytes(METADATA_V6)[i])) return { what: `${shown} is a cloud metadata address`, allowable: true };
  return undefined;
}

/** The IPv4 address inside an IPv4-mapped, -compatible, NAT64 (64:ff9b::/96, 64:ff9b:1::/48) or 6to4 address. */
function embeddedV4(b: number[], zero: (from: number, to: number) => boolean): number[] | undefined {
  const last = b.slice(12, 16);
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return last; // ::ffff:a.b.c.d
  if (zero(0, 12) && !zero(12, 15)) return last; // ::a.b.c.d (deprecated), not :: or ::1
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && (zero(4, 12) || (b[4] === 0 && b[5] === 1))) return last;
  if (b[0] === 0x20 && b[1] === 0x02) return b.slice(2, 6); // 2002:aabb:ccdd::/48
  return undefined;
}

/** 16 bytes of a valid IPv6 literal (`isIPv6` true), embedded dotted IPv4 tail included. */
function ipv6Bytes(text: string): number[] {
  let groups = text.toLowerCase().split('%')[0];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(groups);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split('.').map(Number);
    groups = groups.slice(0, -dotted[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = groups.includes('::') ? groups.split('::') : [groups, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const all = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return all.flatMap((g) => { const n = parseInt(g, 16); return [n >> 8, n & 0xff]; });
}
