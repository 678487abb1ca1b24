import { BlockList, isIP } from 'node:net';

/**
 * Addresses an article fetch must never reach unless private fetching is allowed: loopback,
 * private, link-local (cloud metadata lives there), shared/CGNAT, unique-local, unspecified,
 * multicast, reserved and the IPv6 forms that embed an IPv4 address.
 */
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 96], // unspecified, loopback and the deprecated IPv4-compatible ::a.b.c.d (::7f00:1)
  ['::ffff:0:0:0', 96], // IPv4-translated, when its IPv4 address was not read below
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** The IPv4 address an IPv6 address carries (mapped ::ffff:a.b.c.d, translated ::ffff:0:a.b.c.d, NAT64, 6to4), if any. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|::ffff:0:|64:ff9b::|::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const hex = /^(?:::ffff:|::ffff:0:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const hi = parseInt(hex[1]!, 16);
    const lo = parseInt(hex[2]!, 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  const sixToFour = /^2002:([0-9a-f]{1,4}):([0-9a-f]{1,4}):/.exec(lower);
  if (sixToFour) {
    const hi = parseInt(sixToFour[1]!, 16);
    const lo = parseInt(sixToFour[2]!, 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return null;
}

/** Whether an IP address (v4 or v6, no brackets) is one a public fetch must not reach. */
function isNonPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4 !== null && isIP(v4) === 4) return blocked.check(v4, 'ipv4');
    return blocked.check(address, 'ipv6');
  }
  return true; // not an IP address at all: refuse rather than guess
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
