/** The block structure of a `.tf` file with offsets: blocks, their labels and attributes, found by a scanner that skips strings, heredocs and comments. */

export interface HclAttribute {
  name: string;
  line: number;
  /** Offset of the expression's first character, and just past its end (the end of its line, outside brackets). */
  start: number;
  end: number;
}

export interface HclBlock {
  type: string;
  labels: string[];
  line: number;
  attributes: HclAttribute[];
  blocks: HclBlock[];
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) === 10) starts.push(k + 1);
  return starts;
}

/** Skips a string, heredoc or comment starting at `i`; returns the index after it, or `i` when there is none. */
function skipOpaque(text: string, i: number): number {
  const ch = text[i];
  if (ch === '"') {
    let k = i + 1;
    let depth = 0;
    while (k < text.length) {
      const c = text[k];
      if (c === '\\') k += 2;
      else if (c === '$' && text[k + 1] === '{') {
        depth++;
        k += 2;
      } else if (c === '}' && depth > 0) {
        depth--;
        k++;
      } else if (c === '"' && depth === 0) return k + 1;
      else if (c === '"') {
        k = skipOpaque(text, k);
      } else if (c === '\n' && depth === 0) return k;
      else k++;
    }
    return k;
  }
  if (ch === '#' || (ch === '/' && text[i + 1] === '/')) {
    const end = text.indexOf('\n', i);
    return end === -1 ? text.length : end;
  }
  if (ch === '/' && text[i + 1] === '*') {
    const end = text.indexOf('*/', i + 2);
    return end === -1 ? text.length : end + 2;
  }
  if (ch === '<' && text[i + 1] === '<') {
    const m = /^<<-?([A-Za-z_][A-Za-z0-9_]*)[ \t]*\r?\n/.exec(text.slice(i, i + 200));
    if (!m) return i;
    const rest = text.slice(i + m[0].length);
    const close = new RegExp(`^[ \\t]*${m[1]}[ \\t]*$`, 'm').exec(rest);
    return close ? i + m[0].length + close.index + close[0].length : text.length;
  }
  return i;
}

/** Index just past the end of an expression starting at `i`: a newline outside brackets, or `limit`. */
function expressionEnd(text: string, i: number, limit: number): number {
  let depth = 0;
  let k = i;
  while (k < limit) {
    const skipped = skipOpaque(text, k);
    if (skipped !== k) {
      k = skipped;
      continue;
    }
    const c = text[k];
    if (c === '{' || c === '[' || c === '(') depth++;
    else if (c === '}' || c === ']' || c === ')') {
      if (depth === 0) return k;
      depth--;
    } else if (c === '\n' && depth === 0) return k;
    k++;
  }
  return limit;
}

/** Index of the `}` closing the block whose `{` is at `open`. */
function blockEnd(text: string, open: number): number {
  let depth = 0;
  let k = open;
  while (k < text.length) {
    const skipped = skipOpaque(text, k);
    if (skipped !== k) {
      k = skipped;
      continue;
    }
    const c = text[k];
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return k;
    }
    k++;
  }
  return text.length;
}

/** The blocks and attributes between `start` and `end` (a file, or a block's body). */
export function readHclBody(text: string, start = 0, end = text.length, starts = lineStarts(text)): { attributes: HclAttribute[]; blocks: HclBlock[] } {
  const lineOf = (at: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const attributes: HclAttribute[] = [];
  const blocks: HclBlock[] = [];
  let i = start;
  while (i < end) {
    const skipped = skipOpaque(text, i);
    if (skipped !== i && text[i] !== '"') {
      i = skipped;
      continue;
    }
    if (/\s/.test(text[i]!)) {
      i++;
      continue;
    }
    const head = /^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*/.exec(text.slice(i, Math.min(end, i + 300)));
    if (!head) {
      i = expressionEnd(text, i, end) + 1;
      continue;
    }
    const at = i;
    let k = i + head[0].length;
    if (text[k] === '=' && text[k + 1] !== '=') {
      let exprStart = k + 1;
      while (text[exprStart] === ' ' || text[exprStart] === '\t') exprStart++;
      const exprEnd = expressionEnd(text, exprStart, end);
      attributes.push({ name: head[1]!, line: lineOf(at), start: exprStart, end: exprEnd });
      i = exprEnd + 1;
      continue;
    }
    const labels: string[] = [];
    for (;;) {
      const label = /^"((?:[^"\\\n]|\\.)*)"[ \t]*|^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*/.exec(text.slice(k, Math.min(end, k + 300)));
      if (!label || text[k] === '{') break;
      labels.push(label[1] ?? label[2]!);
      k += label[0].length;
    }
    if (text[k] === '{') {
      const close = blockEnd(text, k);
      const body = readHclBody(text, k + 1, close, starts);
      blocks.push({ type: head[1]!, labels, line: lineOf(at), ...body });
      i = close + 1;
      continue;
    }
    i = expressionEnd(text, k, end) + 1;
  }
  return { attributes, blocks };
}
