export * from './rules-source.js';
export * from './cross-check.js';
export * from './bug-report.js';
export * from './client.js';
export * from './discovery.js';
export * from './errors.js';
export * from './format.js';
