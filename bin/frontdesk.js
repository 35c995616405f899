#!/usr/bin/env node
// Runs the compiled CLI when built (npm start builds it), else the TypeScript source through tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'build/firmware-bridge/cli/cli.js');
if (existsSync(compiled) && !process.env.FRONTDESK_FROM_SOURCE && process.argv[2] !== 'bench') {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'firmware-bridge/cli/cli.ts')).href);
}
