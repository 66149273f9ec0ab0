/**
 * Text from events (values, and keys too) can hold control characters and
 * escape sequences: shown as `\uXXXX` so they never act on a terminal.
 * C0 and C1 controls (ESC, CSI 0x9b, BEL...), DEL, and the bidi overrides
 * that reorder what a reader sees. Newlines and tabs stay.
 */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function escapeControlChars(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
