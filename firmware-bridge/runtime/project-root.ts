import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed package's folder (from source: two levels up; compiled under build/: three). */
export const projectRoot = [2, 3].map((up) => resolve(fileURLToPath(new URL('.', import.meta.url)), ...Array<string>(up).fill('..'))).find((dir) => existsSync(join(dir, 'package.json')))!;
