import type { FastifyRequest } from 'fastify';

/** The token of an `Authorization: Bearer …` header, or '' when there is none. */
export function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice(7).trim() : '';
}
