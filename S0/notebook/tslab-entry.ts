// What notebooks import (bundled to out/tslab/gceb.js by `npm run kernel`):
// the whole library plus the display helpers.
export * from '../index.js';
export * from '../rules/index.js';
export * from '../explain/index.js';
export * from '../report/verdicts.js';
export * from '../report/verdict-summary.js';
export * from '../report/verdict-formats.js';
export { renderHtml as renderVerdictHtml } from '../report/verdict-html.js';
export * from './views.js';
export { chartBundle } from './chart.js';
export { display, inNotebook } from './display.js';
export { VEGA_LITE_MIME, type MimeBundle } from './mime.js';
export { gatherEvents, captureTopics, lastHoursInterval, type GatherEventsOptions, type GatheredEvents, type CaptureRequest } from './gather-events.js';
