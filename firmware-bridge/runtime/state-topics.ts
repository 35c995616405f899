import type { StateTopic, StateTopics } from './feature.js';

/** Features register how to read their retained state; telemetry reads them all. */
export class StateTopicRegistry implements StateTopics {
  private readonly providers = new Map<StateTopic, () => object>();

  provide(topic: StateTopic, snapshot: () => object): void {
    this.providers.set(topic, snapshot);
  }

  read(topic: StateTopic): object | undefined {
    return this.providers.get(topic)?.();
  }

  topics(): StateTopic[] {
    return [...this.providers.keys()];
  }
}
