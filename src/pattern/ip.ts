/**
 * IP addresses and CIDR ranges as event-ruler sees them (CIDR.java): a text
 * is an address only if it looks like one to event-ruler's patterns (four
 * dot-separated numbers, or hex digits and colons only — so `::ffff:1.2.3.4`
 * is a plain string) and Java's InetAddress reads it (no leading zeros, as
 * JDKs since the 2023 fix JDK-8277608 read them). IPv4 and IPv6 are separate
 * spaces, except that an IPv4-mapped IPv6 address (`::ffff:a00:1`) is the
 * IPv4 address, as InetAddress returns it. Addresses compare as numbers, so
 * equal addresses written differently (`::1`, `0:0:0:0:0:0:0:1`) are equal.
 */
import { InvalidEventPatternException } from './errors.js';

export interface IpAddress {
  version: 4 | 6;
  value: bigint;
}

const IPV4 = /^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$/;

function parseIpv4(text: string): bigint | undefined {
  const m = IPV4.exec(text);
  if (!m) return undefined;
  return (BigInt(m[1]!) << 24n) | (BigInt(m[2]!) << 16n) | (BigInt(m[3]!) << 8n) | BigInt(m[4]!);
}

/** event-ruler's Constants.IPv4_REGEX and IPv6_REGEX: only texts like these are tried as addresses. */
const LOOKS_IPV4 = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const LOOKS_IPV6 = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;
const IPV4_MAPPED = 0xffffn << 32n;

function parseGroups(part: string): bigint[] | undefined {
  if (part === '') return [];
  const groups: bigint[] = [];
  for (const item of part.split(':')) {
    if (!/^[0-9A-Fa-f]{1,4}$/.test(item)) return undefined;
    groups.push(BigInt(parseInt(item, 16)));
  }
  return groups;
}

function parseIpv6(text: string): bigint | undefined {
  if (!LOOKS_IPV6.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  let groups: bigint[];
  if (halves.length === 2) {
    const head = parseGroups(halves[0]!);
    const tail = parseGroups(halves[1]!);
    if (!head || !tail || head.length + tail.length > 7) return undefined;
    groups = [...head, ...new Array<bigint>(8 - head.length - tail.length).fill(0n), ...tail];
  } else {
    const all = parseGroups(text);
    if (!all || all.length !== 8) return undefined;
    groups = all;
  }
  let value = 0n;
  for (const g of groups) value = (value << 16n) | g;
  return value;
}

/** Parses an IPv4 or IPv6 address; undefined when `text` is not one. */
export function parseIp(text: string): IpAddress | undefined {
  if (text.length < 2 || text.length > 45) return undefined;
  const c = text.charCodeAt(0);
  const plausible = (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102) || c === 58;
  if (!plausible) return undefined;
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { version: 4, value: v4 };
  const v6 = parseIpv6(text);
  if (v6 === undefined) return undefined;
  if (v6 >> 32n === IPV4_MAPPED >> 32n) return { version: 4, value: v6 & 0xffffffffn };
  return { version: 6, value: v6 };
}

/** Does event-ruler try to read this text as an address (and call it invalid when it cannot)? */
function looksLikeIp(text: string): boolean {
  return LOOKS_IPV4.test(text) || LOOKS_IPV6.test(text);
}

/** Java's String.split drops trailing empty strings (`"10.0.0.0/".split("/")` has one part). */
function javaSplit(text: string, separator: string): string[] {
  const parts = text.split(separator);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Integer.parseInt: an optional sign and decimal digits, within 32 bits. */
function javaParseInt(text: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= -2147483648 && n <= 2147483647 ? n : undefined;
}

/** A stable key for exact matching of addresses. */
export function ipKey(ip: IpAddress): string {
  return `ip${ip.version}:${ip.value.toString(16)}`;
}

export interface CidrRange {
  version: 4 | 6;
  low: bigint;
  high: bigint;
}

/** Parses `10.0.0.0/24`; throws event-ruler's errors. */
export function parseCidr(text: string): CidrRange {
  const parts = javaSplit(text, '/');
  if (parts.length !== 2) throw new InvalidEventPatternException("Malformed CIDR, one '/' required");
  const [address, maskText] = parts as [string, string];
  const mask = javaParseInt(maskText);
  if (mask === undefined) throw new InvalidEventPatternException('Malformed CIDR, mask bits must be an integer');
  if (mask < 0) throw new InvalidEventPatternException('Malformed CIDR, mask bits must not be negative');
  const ip = parseIp(address);
  if (!ip) {
    throw new InvalidEventPatternException(looksLikeIp(address) ? `Invalid IP address: ${address}` : `Nonstandard IP address: ${address}`);
  }
  const bits = ip.version === 4 ? 32 : 128;
  if (mask >= bits) {
    throw new InvalidEventPatternException(`IPv${ip.version} mask bits must be < ${bits}`);
  }
  const hostBits = BigInt(bits - mask);
  const low = (ip.value >> hostBits) << hostBits;
  const high = low | ((1n << hostBits) - 1n);
  return { version: ip.version, low, high };
}

export function cidrContains(range: CidrRange, ip: IpAddress): boolean {
  return ip.version === range.version && ip.value >= range.low && ip.value <= range.high;
}
