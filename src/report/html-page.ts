import { createHash } from 'node:crypto';
import { escapeHtml } from './escape.js';

/**
 * A self-contained HTML document: inline CSS, no external script, font or
 * image, so a report opens from disk with no network. An inline script is
 * allowed by the Content-Security-Policy through its SHA-256 hash, and only it.
 */
export function htmlPage(options: { title: string; body: string; css?: string; script?: string }): string {
  const script = options.script?.replace(/<\/script/gi, '<\\/script');
  const scriptSrc = script === undefined ? '' : `; script-src '${scriptHash(script)}'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:${scriptSrc}">
<title>${escapeHtml(options.title)}</title>
<style>${BASE_CSS}${options.css ?? ''}</style>
</head>
<body>
${options.body}
${script === undefined ? '' : `<script>${script}</script>`}
</body>
</html>
`;
}

/** The CSP source expression that allows exactly this inline script. */
export function scriptHash(script: string): string {
  return `sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}`;
}

const BASE_CSS = `
:root { color-scheme: light dark; --ok: #1a7f37; --bad: #cf222e; --muted: #6e7781; --line: #d0d7de; --code: rgba(175,184,193,.2); }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; }
h1, h2, h3 { line-height: 1.25; }
table { border-collapse: collapse; margin: .5rem 0 1.5rem; }
th, td { border: 1px solid var(--line); padding: .3rem .6rem; text-align: left; vertical-align: top; }
th { background: var(--code); }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 12.5px; }
code { background: var(--code); padding: .1rem .3rem; border-radius: 4px; }
pre { background: var(--code); padding: .75rem; overflow-x: auto; border-radius: 6px; }
.ok { color: var(--ok); } .bad { color: var(--bad); } .muted { color: var(--muted); }
.num { text-align: right; font-variant-numeric: tabular-nums; }
`;
