import { z } from 'zod';
import { hoursSchema } from './site.js';

// The `central:` file (its own YAML file, not the desk's): `frontdesk central` reads it.

const allWeek = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, { open: '00:00', close: '24:00' }]));

const siteSettings = z
  .object({
    timezone: z.string().optional().describe('IANA zone of the site; default central.defaults.timezone'),
    hours: hoursSchema.optional().describe('the site\'s opening hours (as in its desk config); default open all day'),
    services: z
      .array(z.object({ id: z.string().min(1), targetWaitSec: z.number().int().positive(), complaints: z.boolean().default(false) }).strict())
      .default([])
      .describe('per service: the target wait the service level is measured against (as in the desk config)'),
  })
  .strict();

export const managerAccount = z
  .object({
    user: z.string().min(1).max(64),
    passwordHash: z.string().regex(/^scrypt\$/, 'must be a hash from `frontdesk hash-pin PASSWORD`'),
    sites: z.array(z.string().min(1)).min(1).describe('the sites this manager sees; ["*"] = every site'),
  })
  .strict();

export const centralSchema = z
  .object({
    mqtt: z
      .object({
        url: z.string().regex(/^mqtts?:\/\//, 'must be mqtt://host:port or mqtts://host:port').default('mqtt://127.0.0.1:1883').describe('the central broker; env FRONTDESK_CENTRAL_MQTT_URL'),
        username: z.string().optional(),
        password: z.string().optional(),
        clientIdPrefix: z.string().min(1).default('frontdesk-central').describe('worker N connects as {prefix}-{N}: a fixed id, so its persistent session survives restarts'),
        topicPrefix: z.string().min(1).default('frontdesk').describe('as the sites\' mqtt.topicPrefix'),
        shareGroup: z.string().min(1).regex(/^[^/+#]+$/).default('central').describe('the MQTT 5 shared subscription group the workers split events in'),
        connectionsPerWorker: z.number().int().min(1).max(64).default(8).describe('broker connections (sessions) per worker: each stores one event per database round trip'),
        sessionExpirySec: z.number().int().positive().default(7 * 24 * 3600).describe('how long the broker keeps a stopped worker\'s queued events'),
      })
      .strict()
      .prefault({}),
    databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, 'must be postgres://user@host:port/db').default('postgres://127.0.0.1:5432/frontdesk_central').describe('PostgreSQL; env FRONTDESK_CENTRAL_DATABASE_URL'),
    http: z
      .object({
        host: z.string().default('0.0.0.0'),
        port: z.number().int().min(0).max(65535).default(8090).describe('env FRONTDESK_CENTRAL_HTTP_PORT; worker N listens on port + N - 1'),
        metricsAllow: z.array(z.string().regex(/^[0-9a-fA-F:.]+(\/\d{1,3})?$/, 'must be an IP address or CIDR range')).default([]).describe('who may scrape /metrics besides loopback: addresses or CIDR ranges (the Prometheus server)'),
      })
      .strict()
      .prefault({}),
    uiDir: z.string().optional().describe('the built dashboard, relative to the config file; default the installed kiosk-ui/dist'),
    sessions: z
      .object({
        ttlMinutes: z.number().int().positive().default(480),
        maxFailures: z.number().int().positive().default(5).describe('wrong passwords before the account is locked'),
        lockoutBaseSec: z.number().int().positive().default(30).describe('first lockout; doubles with each further failure'),
      })
      .strict()
      .prefault({}),
    managers: z.array(managerAccount).min(1, 'at least one manager account is needed'),
    gapGraceSec: z.number().positive().default(5).describe('a missing seq is reported once a later event of the site is this old (workers deliver out of order)'),
    defaults: z
      .object({ timezone: z.string().default('Asia/Shanghai'), targetWaitSec: z.number().int().positive().default(600).describe('for services no site entry names') })
      .strict()
      .prefault({}),
    sites: z.record(z.string(), siteSettings).default({}).describe('report settings per site id (time zone, hours, service targets)'),
  })
  .strict();

export const centralFileSchema = z.object({ central: centralSchema }).strict();

export type CentralConfig = z.infer<typeof centralSchema>;
export type ManagerAccount = z.infer<typeof managerAccount>;
export const openAllWeek = { weekly: allWeek, holidays: [] } as unknown as z.infer<typeof hoursSchema>;
