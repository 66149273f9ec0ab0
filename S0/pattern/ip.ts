/**
 * IP addresses and CIDR ranges as event-ruler sees them: IPv4 and IPv6 are
 * separate spaces; an address is compared as a number, so equal addresses
 * written differently (`::1`, `0:0:0:0:0:0:0:1`) are equal.
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

function parseGroups(part: string): bigint[] | undefined {
  if (part === '') return [];
  const groups: bigint[] = [];
  const items = part.split(':');
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (i === items.length - 1 && item.includes('.')) {
      const v4 = parseIpv4(item);
      if (v4 === undefined) return undefined;
      groups.push(v4 >> 16n, v4 & 0xffffn);
      continue;
    }
    if (!/^[0-9A-Fa-f]{1,4}$/.test(item)) return undefined;
    groups.push(BigInt(parseInt(item, 16)));
  }
  return groups;
}

function parseIpv6(text: string): bigint | undefined {
  if (!text.includes(':') || !/^[0-9A-Fa-f:.]+$/.test(text)) return undefined;
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
  if (v6 !== undefined) return { version: 6, value: v6 };
  return undefined;
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
  const parts = text.split('/');
  if (parts.length !== 2) throw new InvalidEventPatternException("Malformed CIDR, one '/' required");
  const [address, maskText] = parts as [string, string];
  if (!/^-?[0-9]+$/.test(maskText)) throw new InvalidEventPatternException('Malformed CIDR, mask bits must be an integer');
  const ip = parseIp(address);
  if (!ip) throw new InvalidEventPatternException(`Nonstandard IP address: ${address}`);
  const bits = ip.version === 4 ? 32 : 128;
  const mask = Number(maskText);
  if (mask < 0 || mask >= bits) {
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
