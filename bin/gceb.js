#!/usr/bin/env node
// The `gceb` command: signals, closed pipes and the exit status around the CLI's
// main(). Installed from the package it runs the compiled CLI (dist/esm, no tsx);
// in a checkout (src/ present) it runs the TypeScript source through tsx, so
// `npx gceb`, `npm start` and the tests need no build step there.
import { existsSync } from 'node:fs';

const checkout = new URL('../src/cli/', import.meta.url);
let cliDir = new URL('../dist/esm/cli/', import.meta.url);
if (existsSync(new URL('main.ts', checkout))) {
  const { register } = await import('tsx/esm/api');
  register();
  cliDir = checkout;
}
const extension = cliDir === checkout ? 'ts' : 'js';
const { main } = await import(new URL(`main.${extension}`, cliDir).href);
const { CLOSED_PIPE_EXIT_CODE } = await import(new URL(`closed-pipe.${extension}`, cliDir).href);

const controller = new AbortController();
let interrupts = 0;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    controller.abort();
  });
}

// A reader that goes away (`| head -1`) is not an error: no stack trace, the SIGPIPE status.
let pipeClosed = false;
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    if (stream === process.stdout) pipeClosed = true;
  });
}

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
});
process.exitCode = pipeClosed ? CLOSED_PIPE_EXIT_CODE : code;
