export { writeFileAtomic } from './atomic.js';
export { htmlPage } from './html-page.js';
export { escapeHtml, csvField, csvRow, mdCell, mdTable } from './escape.js';
