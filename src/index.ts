// The public API: re-exports only.
export * from './pattern/index.js';
export * from './envelope/index.js';
export * from './events/index.js';
export * from './genesys/index.js';
export * from './aws/index.js';
export * from './doctor/index.js';
export * from './coverage/index.js';
export * from './report/index.js';
export * from './verdicts/index.js';
export * from './explain/index.js';
export * from './rules/index.js';
export * from './rules/iac/index.js';
export * from './lint/index.js';
export * from './sample/index.js';
export { UserError } from './errors.js';
export { redactSecrets } from './secrets.js';
