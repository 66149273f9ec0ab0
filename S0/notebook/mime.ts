/**
 * A Jupyter MIME bundle: one output carrying several representations; the
 * front end shows the richest one it can draw. `text/plain` is always present
 * (terminals, GitHub's fallback, tests).
 */
export interface MimeBundle {
  'text/plain': string;
  'text/html'?: string;
  'text/markdown'?: string;
  /** A vega-lite v5 spec object (not a JSON string). */
  'application/vnd.vegalite.v5+json'?: object;
  /** Base64 PNG. */
  'image/png'?: string;
  'image/svg+xml'?: string;
  [mime: string]: string | object | undefined;
}

export const VEGA_LITE_MIME = 'application/vnd.vegalite.v5+json';
