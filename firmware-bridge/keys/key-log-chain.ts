import { createHash } from 'node:crypto';
import { keyChain } from './rules/key-chain.js';

/** The key log's hash chain with Node's SHA-256. */
export const keyLogChain = keyChain((text) => createHash('sha256').update(text).digest('hex'));
