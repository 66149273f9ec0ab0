export { writeFileAtomic } from './atomic.js';
export { escapeHtml, csvField, csvRow, mdCell, mdTable } from './escape.js';
