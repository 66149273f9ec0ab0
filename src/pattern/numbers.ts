/**
 * Which number literals event-ruler 2.x can compare: its ComparableNumber
 * accepts a literal only when the double it reads as is finite and Java's
 * `BigDecimal.valueOf(double)` (that is, `Double.toString`) has exactly the
 * literal's decimal value. `1e400` (Infinity), `1e-400` (0), `5e-324` (Java
 * writes that double as `4.9E-324`), `9007199254740993` and
 * `0.10000000000000001` are not comparable.
 */

/** Smallest positive normal double: below it Java's two-digit rule can pick another decimal than the shortest. */
const MIN_NORMAL = 2.2250738585072014e-308;

interface Decimal {
  negative: boolean;
  /** Significant digits, no leading or trailing zeros; '' for zero. */
  digits: string;
  /** The value is `digits × 10^exponent`. */
  exponent: number;
}

const NUMBER_TEXT = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

function decimalOf(text: string): Decimal | undefined {
  const m = NUMBER_TEXT.exec(text);
  if (!m) return undefined;
  const fraction = m[3] ?? '';
  let digits = (m[2]! + fraction).replace(/^0+/, '');
  let exponent = Number(m[4] ?? '0') - fraction.length;
  const trimmed = digits.replace(/0+$/, '');
  exponent += digits.length - trimmed.length;
  digits = trimmed;
  return { negative: m[1] === '-', digits, exponent: digits === '' ? 0 : exponent };
}

/**
 * Java's `Double.toString` as a decimal (JDK 19 and later): the shortest
 * decimal that reads back as `d`, except that when one digit suffices the
 * closest decimal of one or two digits is taken (`4.9E-324`, not `5E-324`),
 * which only differs from JavaScript's shortest form for subnormal numbers.
 */
function javaDecimalText(d: number): string {
  const shortest = String(d);
  const magnitude = Math.abs(d);
  if (magnitude === 0 || magnitude >= MIN_NORMAL) return shortest;
  if ((decimalOf(shortest)?.digits.length ?? 0) !== 1) return shortest;
  const twoDigits = magnitude.toPrecision(2);
  return Number(twoDigits) === magnitude ? `${d < 0 ? '-' : ''}${twoDigits}` : shortest;
}

/** Does event-ruler 2.x's ComparableNumber accept this JSON number literal? */
export function isComparableNumber(text: string): boolean {
  const d = Number(text);
  if (!Number.isFinite(d)) return false;
  const written = decimalOf(text);
  const read = decimalOf(javaDecimalText(d).replace('e+', 'e'));
  if (!written || !read) return false;
  if (written.digits === '' || read.digits === '') return written.digits === read.digits;
  return written.negative === read.negative && written.digits === read.digits && written.exponent === read.exponent;
}

/** event-ruler's reason for a number it cannot compare (numeric ranges, anything-but numbers). */
export function cannotCompareReason(text: string): string {
  return `Cannot compare number : ${text}`;
}
