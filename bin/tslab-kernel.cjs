#!/usr/bin/env node
// Starts tslab's Jupyter kernel (same arguments as `tslab kernel ...`) for the
// runbook folder it is started in, with one fix. tslab drives TypeScript's watch
// program through a single debounce timer and throws "Unexpected pending
// rebuildTimer" when TypeScript asks for a second one. TypeScript does so when a
// directory it watches for module resolution changes (a cell writing exports
// under the kernel's folder, `npm install` in it): it then schedules the
// invalidation of failed lookups. That timer runs here on a real Node timer;
// program updates still go through tslab's own synchronous one.
'use strict';
const { createRequire } = require('node:module');
const { join } = require('node:path');

const BACKGROUND_TIMERS = new Set(['invalidateResolutionsOfFailedLookup']);
const isNodeTimer = (handle) => handle !== null && typeof handle === 'object' && typeof handle.hasRef === 'function';

/**
 * tslab's converter makes its system with Object.create(ts.sys) and assigns its
 * own setTimeout/clearTimeout to it; accessors on ts.sys receive those
 * assignments, so tslab's timer functions are wrapped as they are installed.
 * Converters created before the patch keep tslab's behaviour.
 */
function patchTslabTimers(ts) {
  for (const [name, wrap] of [
    ['setTimeout', (tslabSetTimeout) => (callback, ms, ...rest) =>
      BACKGROUND_TIMERS.has(callback.name) ? setTimeout(callback, ms, ...rest).unref() : tslabSetTimeout(callback, ms, ...rest)],
    ['clearTimeout', (tslabClearTimeout) => (handle) => (isNodeTimer(handle) ? clearTimeout(handle) : tslabClearTimeout(handle))],
  ]) {
    const original = ts.sys[name];
    const own = Symbol(name);
    Object.defineProperty(ts.sys, name, {
      configurable: true,
      get() {
        return Object.prototype.hasOwnProperty.call(this, own) ? this[own] : original;
      },
      set(fn) {
        Object.defineProperty(this, own, { value: this === ts.sys ? fn : wrap(fn), configurable: true, writable: true });
      },
    });
  }
}

function main() {
  const fromFolder = createRequire(join(process.cwd(), 'package.json'));
  let tslabMain;
  try {
    tslabMain = fromFolder.resolve('tslab/dist/main.js');
  } catch {
    process.stderr.write(`tslab-kernel: tslab is not installed in ${process.cwd()}: run \`npm install\` there (tslab is a devDependency of the runbook folder).\n`);
    process.exit(1);
  }
  patchTslabTimers(createRequire(tslabMain)('@tslab/typescript-for-tslab'));
  require(tslabMain).main();
}

if (require.main === module) main();
else module.exports = { patchTslabTimers };
