import type { StateTopic } from '../runtime/feature.js';

/** The MQTT topics of one site (docs/mqtt.md): everything lives under `{topicPrefix}/{siteId}`. */
export interface SiteTopics {
  readonly base: string;
  readonly status: string;
  state(topic: StateTopic): string;
  device(deviceId: string): string;
  event(type: string): string;
  /** Wildcard for every event of the site (consumers, tests). */
  readonly allEvents: string;
}

export function siteTopics(topicPrefix: string, siteId: string): SiteTopics {
  const base = `${trimSlashes(topicPrefix)}/${siteId}`;
  return {
    base,
    status: `${base}/status`,
    state: (topic) => `${base}/${topic}`,
    device: (deviceId) => `${base}/device/${topicLevel(deviceId)}`,
    event: (type) => `${base}/event/${topicLevel(type)}`,
    allEvents: `${base}/event/#`,
  };
}

function trimSlashes(prefix: string): string {
  return prefix.replace(/^\/+|\/+$/g, '');
}

/** A device id or event type becomes one topic level: MQTT wildcards and separators are replaced. */
function topicLevel(name: string): string {
  return name.replace(/[+#/\u0000]/g, '_');
}
