import type { FastifyReply } from 'fastify';
import { refuse, type Refusal } from '../kernel/refusal.js';

/** The API's error shape (docs/api.md): `{"error": {"code", "message"}}`. */
export function sendRefusal(reply: FastifyReply, refusal: Refusal): FastifyReply {
  return reply.code(refusal.status).send({ error: { code: refusal.code, message: refusal.message } });
}

export function badRequest(message: string, code = 'bad_request'): Refusal {
  return refuse(400, code, message);
}

/** Reads a required non-empty string field from a JSON body, or explains what is wrong. */
export function stringField(body: unknown, name: string, { optional = false, max = 200 } = {}): string | undefined | Refusal {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return badRequest('The request body must be a JSON object.');
  const value = (body as Record<string, unknown>)[name];
  if (value === undefined || value === null || value === '') return optional ? undefined : badRequest(`"${name}" is required.`, 'missing_field');
  if (typeof value !== 'string') return badRequest(`"${name}" must be a string.`, 'invalid_field');
  if (value.length > max) return badRequest(`"${name}" is longer than ${max} characters.`, 'invalid_field');
  return value;
}
