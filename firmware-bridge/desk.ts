import type { LoadedConfig } from '../config/load-config.js';
import { startApp, type AppOptions, type RunningApp } from './runtime/app.js';
import type { Feature } from './runtime/feature.js';
import { queueFeature } from './queue/queue-feature.js';
import { keysFeature } from './keys/keys-feature.js';
import { membersFeature } from './members/members-feature.js';
import { audioFeature } from './audio/audio-feature.js';
import { ratingsFeature } from './ratings/ratings-feature.js';
import { bookingsFeature } from './bookings/bookings-feature.js';
import { guestsFeature } from './guests/guests-feature.js';
import { reportsFeature } from './reports/reports-feature.js';
import { settingsFeature } from './settings/settings-feature.js';
import { outputsFeature } from './outputs/outputs-feature.js';
import { complaintsFeature } from './complaints/complaints-feature.js';
import { handoverFeature } from './handover/handover-feature.js';
import { metricsFeature } from './metrics/metrics-feature.js';
import { telemetryFeature } from './telemetry/telemetry-feature.js';

/**
 * The product: its features, and the desk started with all of them. The runtime knows no feature by
 * name (features depend on it, never the other way round); this file is where they meet.
 */

/**
 * The product's features in start order (telemetry last, so every state topic is provided when it
 * connects). Each area adds its one line here.
 */
export function createFeatures(): Feature[] {
  return [
    queueFeature(),
    keysFeature(),
    membersFeature(),
    bookingsFeature(), // after members: it checks cards through the members service
    guestsFeature(),
    audioFeature(),
    ratingsFeature(),
    complaintsFeature(),
    handoverFeature(),
    reportsFeature(),
    outputsFeature(), // after keys and ratings: it asks the keys service and shares the panels' boards
    settingsFeature(), // after the features whose state it checks a change against
    metricsFeature(), // reads the others' state and the telemetry service when scraped
    telemetryFeature(), // keep last: it reads every other feature's state topics
  ];
}

/** The whole desk: the runtime started with every feature of the product. */
export function startDesk(loaded: LoadedConfig, options: Omit<AppOptions, 'features'> = {}): Promise<RunningApp> {
  return startApp(loaded, { ...options, features: createFeatures() });
}
