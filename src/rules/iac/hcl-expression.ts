/**
 * Terraform expressions as `.tf` files write them, evaluated when they are
 * literal: objects, tuples, strings with `${...}`, numbers, `jsonencode`,
 * `tostring`, `concat`, `merge`, and references that the caller resolves.
 * Anything else is reported as unresolved, never guessed.
 */

export type RefResult = { value: unknown; coerced?: string } | { unresolved: string };

export interface HclContext {
  /** `var.x`, `local.y`, `aws_x.y.arn`... → a value, or why not. */
  reference(name: string): RefResult;
  /** Filled with the line of each object key and tuple element, by pattern path. */
  lines?: Map<string, number>;
  /** Paths whose value a variable's type turned into a string. */
  coerced?: Array<{ path: string; line: number; reason: string }>;
}

export class HclUnresolved extends Error {
  constructor(readonly expression: string, readonly line: number, readonly path = '') {
    super(`cannot resolve ${expression}`);
  }
}

export class HclSyntaxError extends Error {
  constructor(readonly reason: string, readonly line: number) {
    super(`${reason} (line ${line})`);
  }
}

type Segment = string | number;
const pathOf = (segments: readonly Segment[]) => {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out === '' ? s : `.${s}`;
  return out;
};

/** Recursive-descent reader over one expression's text. */
export class Reader {
  private readonly lineStarts: number[] = [0];
  private depth = 0;
  constructor(readonly text: string, readonly ctx: HclContext, public i = 0) {
    for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) === 10) this.lineStarts.push(k + 1);
  }

  /** 1-based line of offset `at` in the whole text. */
  line(at = this.i): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  fail(reason: string): never {
    throw new HclSyntaxError(reason, this.line());
  }

  space(newlines = true): void {
    for (;;) {
      const ch = this.text[this.i];
      if (ch === ' ' || ch === '\t' || ch === '\r' || (newlines && ch === '\n')) this.i++;
      else if (ch === '#' || (ch === '/' && this.text[this.i + 1] === '/')) {
        while (this.i < this.text.length && this.text[this.i] !== '\n') this.i++;
      } else if (ch === '/' && this.text[this.i + 1] === '*') {
        const end = this.text.indexOf('*/', this.i + 2);
        this.i = end === -1 ? this.text.length : end + 2;
      } else return;
    }
  }

  expression(segments: Segment[]): unknown {
    if (this.depth > 100) this.fail('expression nested too deeply');
    this.depth++;
    try {
      return this.term(segments);
    } finally {
      this.depth--;
    }
  }

  private term(segments: Segment[]): unknown {
    this.space();
    const ch = this.text[this.i];
    const start = this.i;
    if (ch === '<' && this.text[this.i + 1] === '<') return this.heredoc(segments);
    if (ch === '{') return this.object(segments);
    if (ch === '[') return this.tuple(segments);
    if (ch === '"') return this.template(segments);
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) {
      const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.i));
      if (!m) this.fail('expected a number');
      this.i += m[0].length;
      return Number(m[0]);
    }
    const word = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.text.slice(this.i))?.[0];
    if (!word) this.fail(`unexpected ${JSON.stringify(ch ?? 'end of text')}`);
    this.i += word.length;
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    this.space(false);
    if (this.text[this.i] === '(') return this.call(word, start, segments);
    // A reference: name(.attr | [index])*
    while (this.text[this.i] === '.' || this.text[this.i] === '[') {
      if (this.text[this.i] === '.') {
        const m = /^\.([A-Za-z_*][A-Za-z0-9_-]*|\d+)/.exec(this.text.slice(this.i));
        if (!m) break;
        this.i += m[0].length;
      } else {
        const close = this.text.indexOf(']', this.i);
        if (close === -1) this.fail('unclosed [');
        this.i = close + 1;
      }
    }
    const name = this.text.slice(start, this.i);
    const result = this.ctx.reference(name);
    if ('unresolved' in result) throw new HclUnresolved(result.unresolved, this.line(start), pathOf(segments));
    if (result.coerced && this.ctx.coerced) this.ctx.coerced.push({ path: pathOf(segments), line: this.line(start), reason: result.coerced });
    return result.value;
  }

  private call(name: string, start: number, segments: Segment[]): unknown {
    this.i++; // (
    const args: unknown[] = [];
    for (;;) {
      this.space();
      if (this.text[this.i] === ')') break;
      args.push(this.expression(name === 'jsonencode' || name === 'merge' ? segments : [...segments, args.length]));
      this.space();
      if (this.text[this.i] === ',') this.i++;
      else if (this.text[this.i] !== ')') this.fail(`expected , or ) in ${name}(...)`);
    }
    this.i++;
    switch (name) {
      case 'jsonencode':
        if (args.length !== 1) this.fail('jsonencode takes one argument');
        return JSON.stringify(args[0]);
      case 'tostring':
        if (args.length !== 1 || (args[0] !== null && typeof args[0] === 'object')) this.fail('tostring takes one primitive argument');
        return args[0] === null ? null : String(args[0]);
      case 'tonumber':
        return args[0] === null ? null : Number(args[0]);
      case 'concat':
        return args.flatMap((a) => (Array.isArray(a) ? a : [a]));
      case 'merge':
        return mergeObjects(args);
      case 'lower':
        return String(args[0]).toLowerCase();
      case 'upper':
        return String(args[0]).toUpperCase();
      default:
        throw new HclUnresolved(`${this.text.slice(start, this.i)}`, this.line(start));
    }
  }

  private object(segments: Segment[]): Record<string, unknown> {
    this.i++;
    const out: Record<string, unknown> = {};
    for (;;) {
      this.space();
      if (this.text[this.i] === '}') {
        this.i++;
        return out;
      }
      if (this.text[this.i] === ',') {
        this.i++;
        continue;
      }
      const keyAt = this.i;
      let key: string;
      if (this.text[this.i] === '"') key = String(this.template([]));
      else if (this.text[this.i] === '(') {
        this.i++;
        key = String(this.expression([]));
        this.space();
        if (this.text[this.i] !== ')') this.fail('expected )');
        this.i++;
      } else {
        const word = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.text.slice(this.i))?.[0];
        if (!word) this.fail('expected an object key');
        this.i += word.length;
        key = word;
      }
      this.space(false);
      if (this.text[this.i] !== '=' && this.text[this.i] !== ':') this.fail(`expected = after key ${JSON.stringify(key)}`);
      this.i++;
      const next = [...segments, key];
      this.ctx.lines?.set(pathOf(next), this.line(keyAt));
      Object.defineProperty(out, key, { value: this.expression(next), enumerable: true, writable: true, configurable: true });
    }
  }

  private tuple(segments: Segment[]): unknown[] {
    this.i++;
    const out: unknown[] = [];
    for (;;) {
      this.space();
      if (this.text[this.i] === ']') {
        this.i++;
        return out;
      }
      const next = [...segments, out.length];
      this.ctx.lines?.set(pathOf(next), this.line());
      out.push(this.expression(next));
      this.space();
      if (this.text[this.i] === ',') this.i++;
      else if (this.text[this.i] !== ']') this.fail('expected , or ] in a list');
    }
  }

  /** `<<EOF` / `<<-EOF` ... `EOF`: a template without escapes; `<<-` strips the common indentation. */
  private heredoc(segments: Segment[]): unknown {
    const m = /^<<(-?)([A-Za-z_][A-Za-z0-9_]*)[ \t]*\r?\n/.exec(this.text.slice(this.i));
    if (!m) this.fail('expected a heredoc marker after <<');
    const bodyStart = this.i + m[0].length;
    const closing = new RegExp(`^[ \\t]*${m[2]}[ \\t]*$`, 'm');
    const rest = this.text.slice(bodyStart);
    const found = closing.exec(rest);
    if (!found) this.fail(`heredoc ${m[2]} is never closed`);
    const bodyEnd = bodyStart + found.index;
    this.i = bodyStart;
    let body = '';
    const parts: string[] = [];
    while (this.i < bodyEnd) {
      const piece = this.templatePiece(segments);
      if (piece === undefined) body += this.text[this.i++];
      else body += 'literal' in piece ? piece.literal : stringOf(piece.value, this);
    }
    parts.push(body);
    this.i = bodyStart + found.index + found[0].length;
    let text = parts.join('');
    if (m[1] === '-') {
      const lines = text.split('\n');
      const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
      const cut = indents.length > 0 ? Math.min(...indents) : 0;
      text = lines.map((l) => l.slice(cut)).join('\n');
    }
    return text;
  }

  /** At `$${` (a literal `${`) or `${expr}` (its value); `%{` directives are not evaluated; undefined elsewhere. */
  private templatePiece(segments: Segment[]): { literal: string } | { value: unknown } | undefined {
    const ch = this.text[this.i];
    if (ch === '$' && this.text[this.i + 1] === '$' && this.text[this.i + 2] === '{') {
      this.i += 3;
      return { literal: '${' };
    }
    if (ch === '$' && this.text[this.i + 1] === '{') {
      this.i += 2;
      const value = this.expression(segments);
      this.space();
      if (this.text[this.i] !== '}') this.fail('expected } closing ${');
      this.i++;
      return { value };
    }
    if (ch === '%' && this.text[this.i + 1] === '{') throw new HclUnresolved('a %{ } template directive', this.line());
    return undefined;
  }

  /** A quoted template: escapes, `$${` and `%%{` literals, `${expr}` interpolations. */
  template(segments: Segment[]): unknown {
    this.i++;
    let out = '';
    const parts: unknown[] = [];
    for (;;) {
      const ch = this.text[this.i];
      if (ch === undefined || ch === '\n') this.fail('unterminated string');
      if (ch === '"') {
        this.i++;
        break;
      }
      if (ch === '\\') {
        const next = this.text[this.i + 1];
        const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
        if (next !== undefined && next in simple) {
          out += simple[next];
          this.i += 2;
        } else if (next === 'u' || next === 'U') {
          const size = next === 'u' ? 4 : 8;
          const hex = this.text.slice(this.i + 2, this.i + 2 + size);
          if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== size || parseInt(hex, 16) > 0x10ffff) this.fail('bad \\u escape');
          out += String.fromCodePoint(parseInt(hex, 16));
          this.i += 2 + size;
        } else this.fail('bad escape in string');
      } else {
        const piece = this.templatePiece(segments);
        if (piece === undefined) out += this.text[this.i++];
        else if ('literal' in piece) out += piece.literal;
        else {
          parts.push(out, piece.value);
          out = '';
        }
      }
    }
    if (parts.length === 2 && parts[0] === '' && out === '') return parts[1];
    return parts.map((p, k) => (k % 2 === 1 ? stringOf(p, this) : p)).join('') + out;
  }
}

/** Terraform's merge(): later keys win; keys copied as own properties (a `__proto__` key stays a key). */
function mergeObjects(args: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const arg of args) {
    if (arg === null || typeof arg !== 'object' || Array.isArray(arg)) continue;
    for (const [key, value] of Object.entries(arg)) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function stringOf(value: unknown, reader: Reader): string {
  if (value === null || typeof value === 'object') reader.fail('only strings, numbers and booleans can be interpolated');
  return String(value);
}

/** Evaluates the expression starting at `start` in `text` (a whole file); returns the value and where it ended. */
export function evaluateHclAt(text: string, start: number, ctx: HclContext, segments: Segment[] = []): { value: unknown; end: number } {
  const reader = new Reader(text, ctx, start);
  const value = reader.expression(segments);
  return { value, end: reader.i };
}

/** 1-based line of an offset. */
export function lineAtOffset(text: string, offset: number): number {
  let n = 1;
  for (let k = 0; k < offset && k < text.length; k++) if (text.charCodeAt(k) === 10) n++;
  return n;
}
