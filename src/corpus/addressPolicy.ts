import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Addresses an article fetch must never reach unless private fetching is allowed: every address
 * ipaddr.js does not class as plain `unicast` (loopback, private, link-local where cloud metadata
 * lives, shared/CGNAT, unique-local, unspecified, multicast, documentation, reserved …), and the
 * IPv6 forms that carry an IPv4 address when that address is one of them.
 */

/** An IPv4 address from two 16-bit groups of an IPv6 address. */
const ipv4Of = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 255, lo >> 8, lo & 255]);

/**
 * The IPv4 addresses an IPv6 address carries, which is where a connection to it ends up: mapped
 * ::ffff:a.b.c.d, translated ::ffff:0:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002:AABB:CCDD::/48, Teredo
 * (server and obfuscated client), and the deprecated IPv4-compatible ::a.b.c.d. Null when it carries none.
 */
function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4[] | null {
  const p = address.parts;
  switch (address.range()) {
    case 'ipv4Mapped':
    case 'rfc6145':
      return [ipv4Of(p[6]!, p[7]!)];
    case 'rfc6052':
      // 64:ff9b::/96 carries the address in its last 32 bits; the local-use 64:ff9b:1::/48 in a place its operator picks.
      return address.match(ipaddr.IPv6.parse('64:ff9b::'), 96) ? [ipv4Of(p[6]!, p[7]!)] : [];
    case '6to4':
      return [ipv4Of(p[1]!, p[2]!)];
    case 'teredo':
      return [ipv4Of(p[2]!, p[3]!), ipv4Of(p[6]! ^ 0xffff, p[7]! ^ 0xffff)];
    case 'unicast':
      return address.match(ipaddr.IPv6.parse('::'), 96) ? [ipv4Of(p[6]!, p[7]!)] : null;
    default:
      return null;
  }
}

/** Whether an IP address (v4 or v6, no brackets) is one a public fetch must not reach. */
function isNonPublicAddress(address: string): boolean {
  if (isIP(address) === 0) return true; // not an IP address at all: refuse rather than guess
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') return parsed.range() !== 'unicast';
  const v6 = parsed as ipaddr.IPv6;
  const carried = embeddedIpv4(v6);
  // An empty list is a form whose IPv4 address cannot be read: refused.
  if (carried !== null) return carried.length === 0 || carried.some((v4) => v4.range() !== 'unicast');
  return v6.range() !== 'unicast';
}

/** What a fetch may connect to. */
export interface AddressPolicy {
  /** CORPUS_FETCH_ALLOW_PRIVATE=true: private and loopback addresses are allowed too. */
  allowPrivate: boolean;
  /** Single addresses allowed even when private ones are not (tests use their own 127.0.0.1). */
  allowAddresses?: string[];
}

export function addressPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): AddressPolicy {
  return { allowPrivate: env.CORPUS_FETCH_ALLOW_PRIVATE === 'true' };
}

export function isAllowedAddress(address: string, policy: AddressPolicy): boolean {
  if (policy.allowPrivate) return isIP(address) !== 0;
  if (policy.allowAddresses?.includes(address)) return true;
  return !isNonPublicAddress(address);
}
