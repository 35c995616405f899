import type { SiteTopics } from './topics.js';

export interface DiscoveryInput {
  discoveryPrefix: string;
  siteId: string;
  siteName: string;
  version: string;
  topics: SiteTopics;
  serviceIds: string[];
  printerIds: string[];
}

export interface RetainedMessage {
  topic: string;
  payload: object;
}

/**
 * Home Assistant MQTT discovery: one retained config per sensor under
 * `{discoveryPrefix}/sensor/{uniqueId}/config`; HA then reads our retained state topics and marks
 * every entity unavailable when `…/status` says offline (our Last Will).
 */
export function discoveryMessages(input: DiscoveryInput): RetainedMessage[] {
  const { topics } = input;
  const nodeId = `frontdesk_${input.siteId.replace(/-/g, '_')}`;
  const device = {
    identifiers: [nodeId],
    name: `前台 ${input.siteName}`,
    manufacturer: 'frontdesk',
    model: 'front-desk controller',
    sw_version: input.version,
  };
  const sensor = (objectId: string, config: Record<string, unknown>): RetainedMessage => ({
    topic: `${input.discoveryPrefix}/sensor/${nodeId}/${objectId}/config`,
    payload: {
      unique_id: `${nodeId}_${objectId}`,
      object_id: `${nodeId}_${objectId}`,
      availability_topic: topics.status,
      availability_template: '{{ value_json.state }}',
      payload_available: 'online',
      payload_not_available: 'offline',
      device,
      ...config,
    },
  });
  return [
    ...input.serviceIds.map((service) =>
      sensor(`queue_${service.replace(/[^A-Za-z0-9_]/g, '_')}`, {
        name: `排队人数 ${service} / queue ${service}`,
        state_topic: topics.state('queue'),
        value_template: `{{ (value_json.services | selectattr('id', 'equalto', '${service}') | map(attribute='waiting') | first) | default(0) }}`,
        unit_of_measurement: 'people',
        state_class: 'measurement',
        icon: 'mdi:account-multiple',
      }),
    ),
    sensor('satisfaction_rate', {
      name: '今日满意率 / satisfaction today',
      state_topic: topics.state('satisfaction/today'),
      value_template: '{{ value_json.rate }}',
      state_class: 'measurement',
      icon: 'mdi:emoticon-happy-outline',
    }),
    sensor('keys_out', {
      name: '未归还钥匙 / keys out',
      state_topic: topics.state('keys'),
      value_template: '{{ value_json.out }}',
      state_class: 'measurement',
      icon: 'mdi:key-chain',
    }),
    ...input.printerIds.map((printer) =>
      sensor(`printer_${printer.replace(/[^A-Za-z0-9_]/g, '_')}`, {
        name: `打印机 ${printer} / printer ${printer}`,
        state_topic: topics.device(printer),
        value_template: '{{ value_json.state }}',
        json_attributes_topic: topics.device(printer),
        icon: 'mdi:printer-pos',
      }),
    ),
  ];
}
