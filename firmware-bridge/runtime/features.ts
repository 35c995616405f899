import type { Feature } from './feature.js';

/**
 * The product's features in start order (telemetry last, so every state topic is provided when it
 * connects). Each area adds its one line here.
 */
export function createFeatures(): Feature[] {
  return [
    // queue, ratings, audio, keys, telemetry — added as each lands
  ];
}
