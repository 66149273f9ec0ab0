/**
 * Splits a byte stream of JSON records into parsed values, whatever the
 * framing: NDJSON, one JSON array (its elements are the records), a single
 * object (minified or pretty-printed), objects concatenated with no separator
 * (Kinesis Firehose to S3), and lines `<timestamp> <json>` (CloudWatch Logs
 * exports). Memory is bounded by the largest single record, never the file.
 *
 * Line mode (NDJSON-like input) treats a newline inside a record as the end of
 * a broken record, so one bad line costs one record and the next line is read.
 */
import { isUtf8 } from 'node:buffer';
import { readEventText, type EventText } from '../pattern/event-json.js';
import { outOfRangeNumber } from '../pattern/json-lexer.js';

export type SplitOutput =
  | { kind: 'record'; value: unknown; line: number }
  | { kind: 'problem'; line: number; message: string };

const NL = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

/** How many bytes of the start are inspected to choose line mode. */
const HEAD_BYTES = 64 * 1024;
/** Longest text accepted before the first `{` of a line (a CloudWatch timestamp). */
const MAX_PREFIX = 64;
const TIMESTAMP_PREFIX = /^\d[\dTZ:.+\-/ ]*$/;

export interface SplitterOptions {
  /** A record larger than this is reported and skipped (bounds memory). Default 64 MiB. */
  maxRecordBytes?: number;
}

export class RecordSplitter {
  /** 1-based line of the byte being scanned. */
  line = 1;
  private lineMode: boolean | undefined;
  private head: Buffer[] = [];
  private headBytes = 0;
  private started = false;

  private depth = 0;
  private inString = false;
  private escaped = false;
  private parts: Buffer[] = [];
  private partsBytes = 0;
  private recordLine = 0;
  private oversized = false;
  /** A primitive element inside a top-level array (not an event): skipped to the next `,`/`]`. */
  private primitive = false;

  private arrayOpen = false;
  private arrayLine = 0;
  /** Text seen at depth 0 that is not a record start: a possible timestamp prefix, or junk. */
  private prefix: string | null = null;
  private prefixLine = 0;
  private skipLine = false;

  private readonly maxRecordBytes: number;
  /** Index of the newline at which a line-mode record broke (see scanRecord). */
  private brokeAt = 0;

  constructor(options: SplitterOptions = {}) {
    this.maxRecordBytes = options.maxRecordBytes ?? 64 * 1024 * 1024;
  }

  push(chunk: Buffer): SplitOutput[] {
    const out: SplitOutput[] = [];
    if (this.lineMode === undefined) {
      this.head.push(chunk);
      this.headBytes += chunk.length;
      const joined = this.head.length === 1 ? chunk : Buffer.concat(this.head);
      const decided = decideLineMode(joined, false);
      if (decided === undefined && this.headBytes < HEAD_BYTES) return out;
      this.lineMode = decided ?? true;
      this.head = [];
      this.scan(joined, out);
      return out;
    }
    this.scan(chunk, out);
    return out;
  }

  end(): SplitOutput[] {
    const out: SplitOutput[] = [];
    if (this.lineMode === undefined) {
      const joined = Buffer.concat(this.head);
      this.head = [];
      this.lineMode = decideLineMode(joined, true) ?? true;
      this.scan(joined, out);
    }
    if (this.depth > 0) {
      out.push({
        kind: 'problem',
        line: this.recordLine,
        message: `the input ends in the middle of the record that starts on line ${this.recordLine} (file truncated?); the record was skipped`,
      });
      this.resetRecord();
    } else if (this.arrayOpen || this.primitive) {
      this.resetRecord();
      out.push({
        kind: 'problem',
        line: this.arrayLine,
        message: `the JSON array that starts on line ${this.arrayLine} is not closed (file truncated?); the records before the cut were kept`,
      });
    }
    if (this.prefix !== null && this.prefix.trim() !== '') this.reportJunk(out);
    this.prefix = null;
    return out;
  }

  private resetRecord(): void {
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.parts = [];
    this.partsBytes = 0;
    this.oversized = false;
    this.primitive = false;
  }

  private scan(buf: Buffer, out: SplitOutput[]): void {
    let i = 0;
    const n = buf.length;
    if (!this.started) {
      this.started = true;
      if (n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = 3; // UTF-8 BOM
    }
    let recordStart = this.depth > 0 || this.primitive ? 0 : -1;
    while (i < n) {
      if (this.depth > 0 || this.primitive) {
        // Inside a record: find where it ends.
        const end = this.primitive ? this.scanPrimitive(buf, i) : this.scanRecord(buf, i, out);
        if (end < 0) {
          i = n;
          break;
        }
        if (end === Number.MAX_SAFE_INTEGER) {
          // The record broke at a newline (line mode): already reported; go on after it.
          recordStart = -1;
          i = this.brokeAt + 1;
          this.line++;
          continue;
        }
        if (!this.primitive) this.finishRecord(buf, recordStart, end, out);
        else this.resetRecord();
        recordStart = -1;
        i = end;
        continue;
      }
      const c = buf[i]!;
      if (c === NL) {
        this.line++;
        if (this.prefix !== null) {
          if (this.prefix.trim() !== '') this.reportJunk(out);
          this.prefix = null;
        }
        this.skipLine = false;
        i++;
        continue;
      }
      if (this.skipLine) {
        i++;
        continue;
      }
      if (this.prefix === null && (c === SPACE || c === TAB || c === CR)) {
        i++;
        continue;
      }
      if (this.arrayOpen && this.prefix === null) {
        if (c === COMMA) {
          i++;
          continue;
        }
        if (c === CLOSE_BRACKET) {
          this.arrayOpen = false;
          i++;
          continue;
        }
      }
      if (c === OPEN_BRACE || (c === OPEN_BRACKET && this.arrayOpen)) {
        if (this.prefix !== null) {
          // Text before a record on its line: a CloudWatch timestamp is expected; anything else is reported.
          if (!TIMESTAMP_PREFIX.test(this.prefix.trim())) this.reportJunk(out);
          this.prefix = null;
        }
        if (c === OPEN_BRACE && this.lineMode && !this.arrayOpen) {
          const fast = this.tryWholeLine(buf, i, out);
          if (fast >= 0) {
            i = fast;
            continue;
          }
        }
        this.recordLine = this.line;
        this.depth = 1;
        recordStart = i;
        i++;
        continue;
      }
      if (c === OPEN_BRACKET && this.prefix === null) {
        this.arrayOpen = true;
        this.lineMode = false;
        this.arrayLine = this.line;
        i++;
        continue;
      }
      if (this.arrayOpen && this.prefix === null) {
        // A string, number, true/false/null element: not an event.
        this.primitive = true;
        this.recordLine = this.line;
        out.push({ kind: 'problem', line: this.line, message: `an element of the JSON array on line ${this.line} is not a JSON object (an event); it was skipped` });
        recordStart = i;
        continue;
      }
      // Text outside any record: a timestamp prefix (CloudWatch) or junk.
      if (this.prefix === null) {
        this.prefix = '';
        this.prefixLine = this.line;
      }
      this.prefix += String.fromCharCode(c);
      if (this.prefix.length > MAX_PREFIX) {
        this.reportJunk(out);
        this.prefix = null;
        this.skipLine = true;
      }
      i++;
    }
    // Keep the unfinished part of a record for the next chunk.
    if ((this.depth > 0 || this.primitive) && recordStart >= 0 && !this.oversized && !this.primitive) {
      const rest = buf.subarray(recordStart);
      this.parts.push(rest);
      this.partsBytes += rest.length;
      this.checkSize(out);
    }
  }

  /**
   * Scans inside a record from `i`. Returns the index just after its closing
   * bracket, -1 if the chunk ended first, or MAX_SAFE_INTEGER if the record
   * broke at a newline in line mode (then `brokeAt` is the newline's index).
   */
  private scanRecord(buf: Buffer, i: number, out: SplitOutput[]): number {
    const n = buf.length;
    let depth = this.depth;
    let inString = this.inString;
    let escaped = this.escaped;
    const lineMode = this.lineMode === true;
    for (; i < n; i++) {
      const c = buf[i]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) inString = false;
        else if (c === NL) {
          if (lineMode) return this.broken(i, out);
          this.line++;
        }
        continue;
      }
      if (c === QUOTE) inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) {
          this.depth = 0;
          this.inString = false;
          this.escaped = false;
          return i + 1;
        }
      } else if (c === NL) {
        if (lineMode) return this.broken(i, out);
        this.line++;
      }
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    return -1;
  }

  private broken(newlineIndex: number, out: SplitOutput[]): number {
    out.push({
      kind: 'problem',
      line: this.recordLine,
      message: `line ${this.recordLine} ends in the middle of a JSON record (cut off or not valid JSON); the line was skipped`,
    });
    this.resetRecord();
    this.brokeAt = newlineIndex;
    return Number.MAX_SAFE_INTEGER;
  }

  /** Skips a primitive array element; returns the index of the `,`/`]` that ends it, or -1. */
  private scanPrimitive(buf: Buffer, i: number): number {
    const n = buf.length;
    for (; i < n; i++) {
      const c = buf[i]!;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.inString = false;
        continue;
      }
      if (c === QUOTE) this.inString = true;
      else if (c === COMMA || c === CLOSE_BRACKET) {
        this.inString = false;
        return i;
      } else if (c === NL) this.line++;
    }
    return -1;
  }

  /** NDJSON fast path: a whole line that is one JSON object. Returns the newline's index, or -1. */
  private tryWholeLine(buf: Buffer, i: number, out: SplitOutput[]): number {
    const nl = buf.indexOf(NL, i);
    if (nl < 0) return -1;
    let end = nl;
    while (end > i && (buf[end - 1] === CR || buf[end - 1] === SPACE || buf[end - 1] === TAB)) end--;
    if (buf[end - 1] !== CLOSE_BRACE) return -1;
    let read: EventText;
    let text: string;
    try {
      text = buf.toString('utf8', i, end);
      read = readEventText(text);
    } catch {
      return -1; // concatenated objects or a broken line: the scanner decides
    }
    out.push(checkedRecord(buf.subarray(i, end), text, read, this.line));
    return nl;
  }

  private checkSize(out: SplitOutput[]): void {
    if (this.partsBytes > this.maxRecordBytes && !this.oversized) {
      this.oversized = true;
      this.parts = [];
      out.push({
        kind: 'problem',
        line: this.recordLine,
        message: `the record that starts on line ${this.recordLine} is larger than ${this.maxRecordBytes} bytes; it was skipped`,
      });
    }
  }

  private finishRecord(buf: Buffer, start: number, end: number, out: SplitOutput[]): void {
    if (this.oversized) {
      this.resetRecord();
      return;
    }
    const tail = buf.subarray(start < 0 ? 0 : start, end);
    const bytes = this.parts.length === 0 ? tail : Buffer.concat([...this.parts, tail]);
    this.resetRecord();
    if (bytes.length > this.maxRecordBytes) {
      out.push({ kind: 'problem', line: this.recordLine, message: `the record that starts on line ${this.recordLine} is larger than ${this.maxRecordBytes} bytes; it was skipped` });
      return;
    }
    try {
      const text = bytes.toString('utf8');
      out.push(checkedRecord(bytes, text, readEventText(text), this.recordLine));
    } catch (error) {
      out.push({ kind: 'problem', line: this.recordLine, message: `the record that starts on line ${this.recordLine} is not valid JSON: ${(error as Error).message}` });
    }
  }

  private reportJunk(out: SplitOutput[]): void {
    const text = (this.prefix ?? '').trim();
    const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
    out.push({ kind: 'problem', line: this.prefixLine, message: `line ${this.prefixLine} is not a JSON record (starts with ${JSON.stringify(shown)}); it was skipped` });
  }
}

/**
 * Line mode when the input looks line-oriented: the first line is a whole
 * `{...}` (NDJSON, or Firehose objects on one line), a `{` line followed by
 * another `{` line (NDJSON whose first line is cut), or a timestamp prefix
 * (CloudWatch). Pretty-printed JSON starts with a line that is just `{`.
 * Returns undefined while the head is too short to tell.
 */
function decideLineMode(head: Buffer, atEnd: boolean): boolean | undefined {
  const text = head.toString('utf8', 0, Math.min(head.length, HEAD_BYTES)).replace(/^\uFEFF/, '');
  const lines = text.split('\n');
  const complete = atEnd || head.length >= HEAD_BYTES ? lines : lines.slice(0, -1);
  const nonEmpty = complete.map((l) => l.trim()).filter((l) => l !== '');
  if (nonEmpty.length === 0) return atEnd || head.length >= HEAD_BYTES ? true : undefined;
  const first = nonEmpty[0]!;
  if (first.startsWith('[')) return false;
  if (!first.startsWith('{')) return true;
  if (first.length > 1 && first.endsWith('}')) return true;
  if (first.length === 1) return false;
  if (nonEmpty.length < 2) return atEnd || head.length >= HEAD_BYTES ? true : undefined;
  return nonEmpty[1]!.startsWith('{');
}

/**
 * A parsed record, or a problem when decoding would silently change it:
 * bytes that are not UTF-8 (decoded as U+FFFD) or a number beyond the range
 * of a double (parsed as Infinity). AWS would not see the same event.
 */
function checkedRecord(bytes: Buffer, text: string, read: EventText, line: number): SplitOutput {
  if (!isUtf8(bytes)) {
    return { kind: 'problem', line, message: `the record on line ${line} contains bytes that are not valid UTF-8; it was skipped` };
  }
  if (read.beyondDouble) {
    const number = outOfRangeNumber(text) ?? 'literal';
    const shown = number.length > 40 ? `${number.slice(0, 40)}…` : number;
    return { kind: 'problem', line, message: `the record on line ${line} holds the number ${shown}, beyond the range of a double (it would read as Infinity); it was skipped` };
  }
  return { kind: 'record', value: read.value, line };
}
