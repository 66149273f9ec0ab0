export * from './rules-source.js';
export * from './cross-check.js';
