import { createRequire } from 'node:module';
import type { MimeBundle } from './mime.js';

interface TslabJupyter {
  lastWriteDisplayData:
    | ((data: { data: Record<string, unknown>; metadata: Record<string, unknown>; transient: Record<string, unknown> }, update: boolean) => void)
    | null;
}

/**
 * Shows a MIME bundle as ONE notebook output. tslab's public `display.raw`
 * sends one MIME type per output; the kernel's own writer (the function
 * `display.raw` calls) takes a whole bundle, so we call it directly.
 */
export function display(bundle: MimeBundle, metadata: Record<string, unknown> = {}): void {
  const jupyter = tslabJupyter();
  if (!jupyter?.lastWriteDisplayData) {
    throw new Error('display() works only inside the tslab kernel: open the notebook in a runbook folder (`gceb notebooks init DIR`) with its "TypeScript (gceb)" kernel.');
  }
  const data: Record<string, unknown> = {};
  for (const [mime, value] of Object.entries(bundle)) if (value !== undefined) data[mime] = value;
  jupyter.lastWriteDisplayData({ data, metadata, transient: {} }, false);
}

/** True inside a running tslab kernel. */
export function inNotebook(): boolean {
  return typeof tslabJupyter()?.lastWriteDisplayData === 'function';
}

function tslabJupyter(): TslabJupyter | undefined {
  // The kernel process loaded tslab from this checkout's node_modules; requiring
  // the same file returns the same module instance and its live writer.
  if (!process.argv.some((arg) => /tslab/.test(arg))) return undefined;
  try {
    return createRequire(import.meta.url)('tslab/dist/jupyter') as TslabJupyter;
  } catch {
    return undefined;
  }
}
