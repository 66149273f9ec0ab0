/** Superseded by test/helpers/run-cli.ts (nothing imports this file any more; safe to delete). */
export { runCli } from '../helpers/run-cli.js';
