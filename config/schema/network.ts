import { z } from 'zod';

const mqttObject = z
  .object({
    url: z
      .string()
      .default('auto')
      .refine((url) => url === 'auto' || url === 'off' || /^(mqtts?|wss?):\/\/[^\s/]+/.test(url), 'must be "auto", "off" or a broker URL such as mqtt://host:1883 or mqtts://host:8883')
      .describe('"auto": a broker on 127.0.0.1:1883 if one answers, else the embedded one; "off": no telemetry; or mqtt://, mqtts://'),
    clientId: z.string().optional(),
    username: z.string().optional(),
    password: z.string().optional(),
    ca: z.string().optional().describe('path to a CA certificate (PEM) for mqtts://'),
    cert: z.string().optional().describe('path to a client certificate (PEM)'),
    key: z.string().optional().describe('path to the client key (PEM)'),
    topicPrefix: z.string().default('frontdesk').describe('topics are {topicPrefix}/{site.id}/…'),
    embeddedPort: z.number().int().min(0).max(65535).default(1883).describe('port of the embedded broker when it is started'),
    outboxRetentionDays: z.number().min(1).default(30).describe('unsent events older than this are pruned (and counted)'),
    homeAssistant: z
      .object({ enabled: z.boolean().default(false), discoveryPrefix: z.string().default('homeassistant') })
      .strict()
      .prefault({}),
    cardHashKey: z.string().min(16).optional().describe('key for the keyed hash of card numbers in telemetry; generated and kept in the data dir if absent'),
  })
  .strict();

/** `mqtt: auto`, `mqtt: off`, `mqtt: mqtt://…`, or the full object. */
export const mqttSchema = z
  .preprocess((v) => (typeof v === 'string' ? { url: v } : v), mqttObject)
  .prefault('auto');

export const httpSchema = z
  .object({
    host: z.string().default('127.0.0.1').describe('loopback by default; "0.0.0.0" opens the API to the LAN (counter tablets, hall boards) — see README'),
    port: z.number().int().min(0).max(65535).default(8080),
    publicBaseUrl: z.string().optional().describe('base URL printed in ticket QR codes; defaults to http://{host}:{port}'),
    rateLimitPerMinute: z.number().int().min(1).default(120).describe('public (kiosk/board) requests per client address per minute'),
    loopbackRateLimitPerMinute: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe('per-minute budget for 127.0.0.1/::1 (the Pi\'s own kiosk Chromium and hall board share it); 0 = loopback not limited, as only processes on the Pi itself can use it'),
    metricsAllow: z
      .array(z.string().regex(/^[0-9a-fA-F:.]+(\/\d{1,3})?$/, 'must be an IP address or a CIDR range such as 10.0.0.0/24'))
      .default([])
      .describe('who may scrape GET /metrics besides loopback: addresses or CIDR ranges of the Prometheus server, e.g. ["10.0.0.5", "10.0.0.0/24"]'),
    public: z
      .object({
        host: z.string().describe('address on the customers\' network, e.g. "0.0.0.0" or the Pi\'s Wi-Fi address'),
        port: z.number().int().min(0).max(65535),
        rateLimitPerMinute: z.number().int().min(1).default(60).describe('requests per phone address per minute, page and assets included'),
      })
      .strict()
      .optional()
      .describe('off by default; a second listener serving only the ticket status page /t/{id} (what the QR code opens) — see README'),
  })
  .strict()
  .prefault({});

export type MqttConfig = z.infer<typeof mqttObject>;
export type HttpConfig = z.infer<typeof httpSchema>;
