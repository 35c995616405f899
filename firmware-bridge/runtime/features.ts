import type { Feature } from './feature.js';
import { queueFeature } from '../queue/queue-feature.js';
import { keysFeature } from '../keys/keys-feature.js';
import { audioFeature } from '../audio/audio-feature.js';
import { ratingsFeature } from '../ratings/ratings-feature.js';
import { reportsFeature } from '../reports/reports-feature.js';
import { telemetryFeature } from '../telemetry/telemetry-feature.js';

/**
 * The product's features in start order (telemetry last, so every state topic is provided when it
 * connects). Each area adds its one line here.
 */
export function createFeatures(): Feature[] {
  return [
    queueFeature(),
    keysFeature(),
    audioFeature(),
    ratingsFeature(),
    reportsFeature(),
    telemetryFeature(), // keep last: it reads every other feature's state topics
  ];
}
