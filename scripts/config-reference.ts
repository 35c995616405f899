// Writes docs/config.md from the config schema: every key, its type, default and description.
// Run: node --import tsx scripts/config-reference.ts
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { configSchema } from '../config/schema/index.js';
import { centralFileSchema } from '../config/schema/central.js';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  pattern?: string;
  required?: string[];
};

const rows: string[] = [];

function typeOf(s: JsonSchema): string {
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  if (s.const !== undefined) return JSON.stringify(s.const);
  const variants = s.anyOf ?? s.oneOf;
  if (variants) return [...new Set(variants.map(typeOf))].join(' \\| ');
  if (s.type === 'array') return `list of ${s.items ? typeOf(s.items) : 'any'}`;
  return Array.isArray(s.type) ? s.type.join(' \\| ') : (s.type ?? 'any');
}

function walk(path: string, s: JsonSchema, required: boolean): void {
  const fmt = (v: unknown) => (v === undefined ? '' : `\`${JSON.stringify(v)}\``.replace(/\|/g, '\\|'));
  if (path) rows.push(`| \`${path}\` | ${typeOf(s)} | ${required && s.default === undefined ? 'yes' : ''} | ${fmt(s.default)} | ${(s.description ?? '').replace(/\|/g, '\\|')} |`);
  const objects = [s, ...(s.anyOf ?? []), ...(s.oneOf ?? [])].filter((v) => v.properties);
  for (const object of objects)
    for (const [key, child] of Object.entries(object.properties!)) walk(path ? `${path}.${key}` : key, child, object.required?.includes(key) ?? false);
  if (s.items) for (const object of [s.items, ...(s.items.anyOf ?? [])].filter((v) => v.properties)) for (const [key, child] of Object.entries(object.properties!)) walk(`${path}[].${key}`, child, object.required?.includes(key) ?? false);
}

const schema = z.toJSONSchema(configSchema, { unrepresentable: 'any', io: 'input' }) as JsonSchema;
walk('', schema, true);
const deskRows = rows.splice(0);
walk('', z.toJSONSchema(centralFileSchema, { unrepresentable: 'any', io: 'input' }) as JsonSchema, true);
const centralRows = rows.splice(0);
const text = `# Config reference

Generated from \`config/schema/\` by \`node --import tsx scripts/config-reference.ts\`; do not edit by hand.
A config is YAML; \`frontdesk check-config FILE\` validates it. Environment overrides:
\`FRONTDESK_HTTP_PORT\`, \`FRONTDESK_DATA_DIR\`, \`FRONTDESK_MQTT_URL\`, \`FRONTDESK_PRINTER\`.

| key | type | required | default | description |
|---|---|---|---|---|
${[...new Set(deskRows)].join('\n')}

## The central (fleet) file: \`frontdesk central\`

Its own YAML file (\`config/central.example.yaml\`), also validated by \`frontdesk check-config\`.
Environment overrides: \`FRONTDESK_CENTRAL_CONFIG\` (the file), \`FRONTDESK_CENTRAL_MQTT_URL\`,
\`FRONTDESK_CENTRAL_DATABASE_URL\`, \`FRONTDESK_CENTRAL_HTTP_PORT\`.

| key | type | required | default | description |
|---|---|---|---|---|
${[...new Set(centralRows)].join('\n')}
`;
writeFileSync('docs/config.md', text);
console.log(`docs/config.md: ${deskRows.length} desk keys, ${centralRows.length} central keys`);
