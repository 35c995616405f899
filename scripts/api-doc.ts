// Writes docs/api.md from the OpenAPI document the service builds from its route schemas
// (the same one it serves at GET /api/openapi.json). Run: npm run docs:api
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseYaml, validateConfig } from '../config/load-config.js';
import { startDesk } from '../firmware-bridge/desk.js';
import { silentLogger } from '../firmware-bridge/runtime/logger.js';

export const apiDocFile = resolve('docs/api.md');
export const centralApiDocFile = resolve('docs/api-central.md');

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  nullable?: boolean;
  default?: unknown;
  description?: string;
  additionalProperties?: JsonSchema | boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
}

interface Operation {
  summary?: string;
  description?: string;
  security?: unknown[];
  parameters?: { in: string; name: string; required?: boolean; schema: JsonSchema; description?: string }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema: JsonSchema }> }>;
}

export interface OpenApiDocument {
  info: { title: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
}

/** The document the service builds, from a throwaway instance (temp data dir, free port, no MQTT). */
export async function buildOpenApiDocument(): Promise<OpenApiDocument> {
  const file = resolve('config/default.yaml');
  const raw = parseYaml(file, readFileSync(file, 'utf8'));
  const dataDir = mkdtempSync(join(tmpdir(), 'frontdesk-api-doc-'));
  const config = validateConfig(file, { ...raw, dataDir, mqtt: 'off', http: { ...(raw.http as object), host: '127.0.0.1', port: 0 } });
  const app = await startDesk({ file, config, dataDir }, { log: silentLogger });
  try {
    return (await app.http.inject({ method: 'GET', url: '/api/openapi.json' })).json<OpenApiDocument>();
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Central's OpenAPI document: its routes on a bare app (no broker, no database is reached). */
export async function buildCentralOpenApiDocument(): Promise<OpenApiDocument> {
  const { createHttpApp } = await import('../firmware-bridge/http/http-app.js');
  const { registerCentralRoutes } = await import('../firmware-bridge/fleet/central-routes.js');
  const { centralMetrics } = await import('../firmware-bridge/fleet/central-metrics.js');
  const http = await createHttpApp(silentLogger);
  const unused = new Proxy({}, { get: () => () => Promise.reject(new Error('not for the document')) });
  registerCentralRoutes(http, { store: unused, views: unused, managers: unused, metrics: centralMetrics(), onSiteChanged: () => () => {} } as unknown as Parameters<typeof registerCentralRoutes>[1]);
  try {
    const doc = (await http.inject({ method: 'GET', url: '/api/openapi.json' })).json<OpenApiDocument>();
    doc.info = { ...doc.info, title: 'Front desk central (fleet) API', description: 'The managers\' API of `frontdesk central` (README "Central (fleet)"): every route but the login needs a manager token.' };
    return doc;
  } finally {
    await http.close();
  }
}

/** A JSON schema as a TypeScript-like type, indented for nested objects. */
function typeText(s: JsonSchema, indent = ''): string {
  const base = (() => {
    if (s.const !== undefined) return JSON.stringify(s.const);
    if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
    const variants = s.anyOf ?? s.oneOf;
    if (variants) return variants.map((v) => typeText(v, indent)).join(' | ');
    if (s.type === 'array') {
      const item = s.items ? typeText(s.items, indent) : 'unknown';
      return /[ |]/.test(item) && !item.startsWith('{') ? `(${item})[]` : `${item}[]`;
    }
    if (s.type === 'object' || s.properties) {
      if (!s.properties || Object.keys(s.properties).length === 0)
        return typeof s.additionalProperties === 'object' ? `Record<string, ${typeText(s.additionalProperties, indent)}>` : 'object';
      const inner = indent + '  ';
      const lines = Object.entries(s.properties).map(([name, p]) => {
        const optional = s.required?.includes(name) ? '' : '?';
        const notes = [limits(p), p.description].filter(Boolean).join('; ');
        return `${inner}${name}${optional}: ${typeText(p, inner)};${notes ? ` // ${notes}` : ''}`;
      });
      return `{\n${lines.join('\n')}\n${indent}}`;
    }
    if (s.type === 'integer') return 'integer';
    return s.type ?? 'unknown';
  })();
  return s.nullable ? `${base} | null` : base;
}

function limits(s: JsonSchema): string {
  const parts: string[] = [];
  if (s.minLength !== undefined && s.minLength > 0) parts.push(`at least ${s.minLength} chars`);
  if (s.maxLength !== undefined) parts.push(`at most ${s.maxLength} chars`);
  if (s.minimum !== undefined) parts.push(`≥ ${s.minimum}`);
  if (s.maximum !== undefined) parts.push(`≤ ${s.maximum}`);
  if (s.maxItems !== undefined) parts.push(`at most ${s.maxItems} items`);
  if (s.format) parts.push(s.format);
  if (s.pattern) parts.push(`matches /${s.pattern}/`);
  if (s.default !== undefined) parts.push(`default ${JSON.stringify(s.default)}`);
  return parts.join(', ');
}

const code = (text: string) => ['```ts', text, '```'].join('\n');

/** docs/api.md: one section per route, in the order the service registers them. */
export function renderApiDoc(doc: OpenApiDocument): string {
  const out: string[] = [
    '<!-- Generated by scripts/api-doc.ts from the route schemas (npm run docs:api). Do not edit by hand. -->',
    `# ${doc.info.title}`,
    '',
    doc.info.description ?? '',
    '',
    'The machine-readable form of this page is served at `GET /api/openapi.json` (OpenAPI 3).',
    '',
  ];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      out.push(`## ${method.toUpperCase()} ${path}`, '', `${op.summary ?? ''}${op.security?.length ? ' — **staff token required**' : ''}`, '');
      if (op.description) out.push(op.description, '');
      for (const where of ['path', 'query', 'header']) {
        const params = (op.parameters ?? []).filter((p) => p.in === where);
        if (params.length === 0) continue;
        out.push(`${where === 'path' ? 'Path' : where === 'query' ? 'Query' : 'Header'} parameters:`, '');
        for (const p of params) {
          const notes = [limits(p.schema), p.schema.description ?? p.description].filter(Boolean).join('; ');
          out.push(`- \`${p.name}\`${p.required ? '' : ' (optional)'}: ${typeText(p.schema).replace(/\n\s*/g, ' ')}${notes ? ` — ${notes}` : ''}`);
        }
        out.push('');
      }
      const body = op.requestBody?.content['application/json']?.schema;
      if (body) out.push('Request body:', '', code(typeText(body)), '');
      out.push('Answers:', '');
      const refusals: string[] = [];
      for (const [status, answer] of Object.entries(op.responses)) {
        const schema = answer.content?.['application/json']?.schema;
        if (/^[45]/.test(status)) refusals.push(status);
        else if (!schema || (schema.enum?.length === 1 && schema.enum[0] === null)) out.push(`- **${status}**${schema?.description ? ` — ${schema.description}` : ''}`, '');
        else out.push(`- **${status}**${schema.description ? ` — ${schema.description}` : ''}:`, '', code(typeText(schema)), '');
      }
      if (refusals.length) out.push(`- **${refusals.join(', ')}** — refusals, \`{"error": {code, message}}\``, '');
      out.push('');
    }
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(apiDocFile, renderApiDoc(await buildOpenApiDocument()));
  console.log(`wrote ${apiDocFile}`);
  writeFileSync(centralApiDocFile, renderApiDoc(await buildCentralOpenApiDocument()).replaceAll('**staff token required**', '**manager token required**'));
  console.log(`wrote ${centralApiDocFile}`);
}
