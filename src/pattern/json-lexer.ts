/**
 * A streaming JSON tokenizer that behaves like Jackson's parser as
 * event-ruler drives it: tokens one at a time, positions as Jackson reports
 * them (1-based line, column of the next unread character), and Jackson's
 * wording for syntax errors. Duplicate keys are allowed; nothing after the
 * root value is read.
 */
import { InvalidEventPatternException } from './errors.js';

export type TokenType =
  | 'START_OBJECT'
  | 'END_OBJECT'
  | 'START_ARRAY'
  | 'END_ARRAY'
  | 'FIELD_NAME'
  | 'STRING'
  | 'NUMBER'
  | 'TRUE'
  | 'FALSE'
  | 'NULL'
  | 'EOF';

interface Context {
  type: 'root' | 'object' | 'array';
  count: number;
  startLine: number;
  startColumn: number;
}

/** Jackson's default StreamReadConstraints.maxNestingDepth (2.15 and later). */
export const MAX_NESTING_DEPTH = 1000;

export function nestingDepthReason(depth: number): string {
  return `Document nesting depth (${depth}) exceeds the maximum allowed (${MAX_NESTING_DEPTH}, from \`StreamReadConstraints.getMaxNestingDepth()\`)`;
}

const VALID_VALUE = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

export class JsonLexer {
  private pos = 0;
  private readonly stack: Context[] = [{ type: 'root', count: 0, startLine: 1, startColumn: 0 }];
  private pendingValue = false;
  private currentText = '';
  /** Whether the current STRING token's text has been asked for (Jackson's location depends on it). */
  private stringRead = false;
  /** Text of the current token (string contents, number text, field name, punctuation). */
  get text(): string {
    this.stringRead = true;
    return this.currentText;
  }
  /** Offset of the first character of the current token. */
  tokenStart = 0;
  type: TokenType = 'EOF';

  /** `maxDepth`: Jackson's limit for patterns; events are read at any depth. */
  constructor(
    readonly source: string,
    private readonly maxDepth = MAX_NESTING_DEPTH,
  ) {}

  /** Offset just after the current token. */
  get offset(): number {
    return this.pos;
  }

  /** Current value as JavaScript (strings, numbers, literals). */
  numberValue(): number {
    return Number(this.text);
  }

  location(at = this.pos): { line: number; column: number; sourceText: string } {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < at && i < this.source.length; i++) {
      const c = this.source.charCodeAt(i);
      if (c === 10) {
        line++;
        lineStart = i + 1;
      } else if (c === 13) {
        if (this.source.charCodeAt(i + 1) === 10) i++;
        line++;
        lineStart = i + 1;
      }
    }
    return { line, column: at - lineStart + 1, sourceText: this.source };
  }

  /**
   * Fails with `reason` where Jackson's parser would be after the current
   * token, as event-ruler reports it (`repeated`: event-ruler re-throws errors
   * raised while reading anything-but lists, which repeats the location).
   */
  fail(reason: string, options: { repeated?: boolean } = {}): never {
    throw new InvalidEventPatternException(reason, { ...this.location(this.jacksonOffset()), repeated: options.repeated === true });
  }

  private syntaxError(reason: string, at = this.pos): never {
    throw new InvalidEventPatternException(reason, this.location(at));
  }

  /**
   * Jackson reads a field's value with its name: after a FIELD_NAME it stands
   * just after the value's opening quote, brace or bracket, or after the whole
   * number or literal. A string's text is read on demand: until it is (the
   * `text` getter here), Jackson stands just after its opening quote.
   */
  private jacksonOffset(): number {
    if (this.type === 'STRING' && !this.stringRead) return this.tokenStart + 1;
    if (this.type !== 'FIELD_NAME') return this.pos;
    let q = this.pos;
    const s = this.source;
    while (q < s.length && ' \t\n\r'.includes(s[q]!)) q++;
    const ch = s[q];
    if (ch === undefined) return q;
    if (ch === '"' || ch === '{' || ch === '[') return q + 1;
    const token = /^(?:-?[0-9][0-9]*(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|[A-Za-z_][A-Za-z0-9_$]*)/.exec(s.slice(q, q + 400));
    return token === null ? q + 1 : q + token[0].length;
  }

  private skipWhitespace(): void {
    const s = this.source;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.pos++;
      else break;
    }
  }

  private describeChar(ch: string): string {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 32) return `(CTRL-CHAR, code ${code})`;
    return `('${ch}' (code ${code}))`;
  }

  /** Jackson (2.16 and later) reports an unexpected character at its own column. */
  private unexpected(ch: string, expectation: string): never {
    this.syntaxError(`Unexpected character ${this.describeChar(ch)}: ${expectation}`);
  }

  next(): TokenType {
    const ctx = this.stack[this.stack.length - 1]!;
    this.skipWhitespace();
    if (this.pendingValue) {
      this.pendingValue = false;
      return this.readValue(ctx);
    }
    if (this.pos >= this.source.length) {
      if (ctx.type === 'root') return this.set('EOF', '', this.pos);
      const kind = ctx.type === 'object' ? 'OBJECT' : 'ARRAY';
      this.syntaxError(
        `Unexpected end-of-input: expected close marker for ${kind} (start marker at [Source: ${this.location().sourceText.length > 500 ? '(String)"' + this.source.slice(0, 500) + '"[truncated ' + (this.source.length - 500) + ' chars]' : '(String)"' + this.source + '"'}; line: ${ctx.startLine}, column: ${ctx.startColumn}])`,
      );
    }
    const ch = this.source[this.pos]!;
    if (ch === '}' || ch === ']') {
      const wanted = ctx.type === 'object' ? '}' : ctx.type === 'array' ? ']' : '';
      if (ch !== wanted) {
        this.pos++;
        const expected = ctx.type === 'object' ? "expected '}'" : ctx.type === 'array' ? "expected ']'" : 'expected a value';
        this.syntaxError(`Unexpected close marker '${ch}': ${expected}`);
      }
      const start = this.pos;
      this.pos++;
      this.stack.pop();
      return this.set(ch === '}' ? 'END_OBJECT' : 'END_ARRAY', ch, start);
    }
    if (ctx.type === 'root' && ctx.count > 0) return this.set('EOF', '', this.pos);
    if (ctx.count > 0 && ctx.type !== 'root') {
      if (ch !== ',') {
        this.unexpected(ch, `was expecting comma to separate ${ctx.type === 'object' ? 'Object' : 'Array'} entries`);
      }
      this.pos++;
      this.skipWhitespace();
      if (this.pos >= this.source.length) return this.next();
    }
    ctx.count++;
    if (ctx.type === 'object') {
      const c = this.source[this.pos]!;
      if (c !== '"') this.unexpected(c, 'was expecting double-quote to start field name');
      const start = this.pos;
      const name = this.readString();
      this.skipWhitespace();
      if (this.pos >= this.source.length) {
        this.syntaxError('Unexpected end-of-input: was expecting a colon to separate field name and value');
      }
      const colon = this.source[this.pos]!;
      if (colon !== ':') this.unexpected(colon, 'was expecting a colon to separate field name and value');
      this.pos++;
      this.pendingValue = true;
      const end = this.pos;
      this.set('FIELD_NAME', name, start);
      this.pos = end;
      return 'FIELD_NAME';
    }
    return this.readValue(ctx);
  }

  private set(type: TokenType, text: string, start: number): TokenType {
    this.type = type;
    this.currentText = text;
    this.stringRead = false;
    this.tokenStart = start;
    return type;
  }

  private readValue(ctx: Context): TokenType {
    if (ctx.type === 'root') ctx.count++;
    if (this.pos >= this.source.length) {
      this.syntaxError(`Unexpected end-of-input: expected a valid value ${VALID_VALUE}`);
    }
    const start = this.pos;
    const ch = this.source[this.pos]!;
    if (ch === '{' || ch === '[') {
      this.pos++;
      const loc = this.location(this.pos - 1);
      this.stack.push({ type: ch === '{' ? 'object' : 'array', count: 0, startLine: loc.line, startColumn: loc.column });
      // The stack holds the root context too; Jackson reports this without a location.
      if (this.stack.length - 1 > this.maxDepth) throw new InvalidEventPatternException(nestingDepthReason(this.stack.length - 1));
      return this.set(ch === '{' ? 'START_OBJECT' : 'START_ARRAY', ch, start);
    }
    if (ch === '"') return this.set('STRING', this.readString(), start);
    if (ch === '-' || (ch >= '0' && ch <= '9')) return this.set('NUMBER', this.readNumber(), start);
    if (/[A-Za-z_]/.test(ch)) {
      let end = this.pos;
      while (end < this.source.length && /[A-Za-z0-9_$]/.test(this.source[end]!)) end++;
      const word = this.source.slice(this.pos, end);
      this.pos = end;
      if (word === 'true') return this.set('TRUE', word, start);
      if (word === 'false') return this.set('FALSE', word, start);
      if (word === 'null') return this.set('NULL', word, start);
      this.syntaxError(`Unrecognized token '${word}': was expecting ${VALID_VALUE}`);
    }
    this.unexpected(ch, `expected a valid value ${VALID_VALUE}`);
  }

  private readString(): string {
    const s = this.source;
    let i = this.pos + 1;
    let out = '';
    let chunkStart = i;
    for (;;) {
      if (i >= s.length) {
        this.pos = i;
        this.syntaxError('Unexpected end-of-input: was expecting closing quote for a string value');
      }
      const c = s.charCodeAt(i);
      if (c === 34) {
        out += s.slice(chunkStart, i);
        this.pos = i + 1;
        return out;
      }
      if (c < 32) {
        this.pos = i + 1;
        this.syntaxError(
          `Illegal unquoted character ((CTRL-CHAR, code ${c})): has to be escaped using backslash to be included in string value`,
        );
      }
      if (c === 92) {
        out += s.slice(chunkStart, i);
        const e = s[i + 1];
        if (e === undefined) {
          this.pos = i + 1;
          this.syntaxError('Unexpected end-of-input in character escape sequence');
        }
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e in simple) {
          out += simple[e];
          i += 2;
        } else if (e === 'u') {
          const hex = s.slice(i + 2, i + 6);
          if (!/^[0-9A-Fa-f]{4}$/.test(hex)) {
            this.pos = i + 2;
            this.syntaxError('Unexpected character in Unicode escape: expected a hex-digit for character escape sequence');
          }
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else {
          this.pos = i + 2;
          this.syntaxError(`Unrecognized character escape ${this.describeChar(e)}`);
        }
        chunkStart = i;
        continue;
      }
      i++;
    }
  }

  private readNumber(): string {
    const s = this.source;
    const m = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(s.slice(this.pos, this.pos + 400));
    const leadingZero = /^-?0[0-9]/.test(s.slice(this.pos, this.pos + 3));
    if (leadingZero) {
      this.pos += 2;
      this.syntaxError('Invalid numeric value: Leading zeroes not allowed');
    }
    if (!m || m[0] === '-') {
      this.pos++;
      const next = s[this.pos];
      this.syntaxError(
        next === undefined
          ? 'Unexpected end-of-input in numeric value'
          : `Unexpected character ${this.describeChar(next)} in numeric value: expected digit (0-9) to follow minus sign, for valid numeric value`,
      );
    }
    const text = m[0];
    const after = s[this.pos + text.length];
    if (after !== undefined && /[.eE]/.test(after)) {
      this.pos += text.length + 1;
      this.syntaxError(`Unexpected character ${this.describeChar(after)} in numeric value: Decimal point not followed by a digit`);
    }
    this.pos += text.length;
    return text;
  }
}

/** A number literal too long or with too large an exponent to be sure it is a finite double; cheap to test first. */
const MAYBE_OUT_OF_RANGE = /[eE]\+?[0-9]{3,}|[0-9]{309,}/;

/**
 * The first number literal in a JSON text that lies beyond the range of a
 * double (`1e400`, which JSON.parse silently turns into Infinity), or
 * undefined. Only texts that might hold one are tokenised.
 */
export function outOfRangeNumber(text: string): string | undefined {
  if (!MAYBE_OUT_OF_RANGE.test(text)) return undefined;
  const lx = new JsonLexer(text);
  try {
    for (let t = lx.next(); t !== 'EOF'; t = lx.next()) {
      if (t === 'NUMBER' && !Number.isFinite(lx.numberValue())) return lx.text;
    }
  } catch {
    // Not readable here (invalid, or nested deeper than Jackson allows): JSON.parse decides.
  }
  return undefined;
}
