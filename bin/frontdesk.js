#!/usr/bin/env node
// Runs the esbuild bundle when built (`npm run build`; one file compiles faster at start than the
// module tree: measured in docs/benchmarks.md), else the compiled tree, else the TypeScript source
// through tsx. `bench` always runs from source: it drives the builds it measures.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = ['build/bundle/frontdesk.js', 'build/firmware-bridge/cli/cli.js'].map((file) => join(root, file)).find((file) => existsSync(file));
if (built && !process.env.FRONTDESK_FROM_SOURCE && process.argv[2] !== 'bench') {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'firmware-bridge/cli/cli.ts')).href);
}
