export * from './build.js';
export * from './catalogue.js';
export * from './notification.js';
