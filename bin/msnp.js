#!/usr/bin/env node
// The msnp command: runs the TypeScript CLI through tsx so it works straight from a checkout.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

register();
const here = path.dirname(fileURLToPath(import.meta.url));
const { main, failure } = await import(path.join(here, '..', 'main', 'cli', 'msnp.ts'));
const { exitAfterOutput } = await import(path.join(here, '..', 'main', 'cli', 'exit.ts'));
main(process.argv.slice(2)).then(
  (code) => exitAfterOutput(code),
  (err) => exitAfterOutput(failure(err, (s) => console.error(s))),
);
