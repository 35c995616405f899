import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import type {} from '@fastify/rate-limit'; // the type of the `rateLimit` decorator serveUi uses
import fastifySwagger from '@fastify/swagger';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { existsSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { RefusalError, sendRefusal, validationRefusal } from './http-errors.js';
import { apiInfo } from './contract-info.js';

const BODY_LIMIT_BYTES = 64 * 1024;

/**
 * The fastify instance every feature adds routes to. Routes declare their input and answers as zod
 * schemas (`*-schemas.ts` next to them): fastify validates with them, types the handlers from them
 * and @fastify/swagger turns them into the OpenAPI document at `GET /api/openapi.json`. Whatever goes
 * wrong in a request, the answer is the contract's `{"error": {code, message}}` — never a stack
 * trace, never a crash.
 */
export async function createHttpApp(log: Logger): Promise<FastifyInstance> {
  const app = Fastify({
    // Per-request lines are info level: a desk logs its actions, not every poll of the board.
    loggerInstance: log.child({ part: 'http' }, { level: log.levelVal > 30 ? log.level : 'warn' }),
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { maxParamLength: 200 },
    return503OnClosing: true,
    // Bad URL encoding and over-long path parameters are answered before routing: same error shape.
    frameworkErrors: (error, _request, reply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const body = { error: { code: tooLong ? 'url_too_long' : 'bad_url', message: tooLong ? '地址过长 · The address is too long.' : '地址无效 · The address is not valid.' } };
      void (reply as FastifyReply).code(tooLong ? 414 : 400).send(body);
    },
    clientErrorHandler: answerUnparsableRequest,
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Registered before any route, so its onRoute hook sees every one of them.
  await app.register(fastifySwagger, { openapi: apiInfo, transform: jsonSchemaTransform });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof RefusalError) return sendRefusal(reply, error.refusal);
    if (hasZodFastifySchemaValidationErrors(error)) {
      // Nothing ran yet (validation precedes the handler): no state changed.
      const part = error.validationContext;
      const input = part === 'body' ? request.body : part === 'querystring' ? request.query : part === 'params' ? request.params : request.headers;
      return sendRefusal(reply, validationRefusal(error.validation, part, input));
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if ((error as { code?: string }).code === 'SQLITE_FULL') {
      // Nothing was committed (the transaction rolled back); the desk answers again once space is freed.
      request.log.error({ url: request.url }, 'disk full: the action was not recorded');
      return reply.code(503).send({ error: { code: 'storage_full', message: '存储空间已满，操作未记录，请联系工作人员 · The desk\'s disk is full; the action was not recorded. Please tell the staff.' } });
    }
    if (status === 500) {
      request.log.error({ err: error, url: request.url }, 'request failed');
      return reply.code(500).send({ error: { code: 'internal_error', message: '系统繁忙，请稍后再试 · Something went wrong on our side; please try again.' } });
    }
    return reply.code(status).send({ error: { code: clientErrorCode(error), message: clientErrorMessage(error) } });
  });

  return app as unknown as FastifyInstance;
}

/** Requests Node's HTTP parser rejects (NUL bytes, huge headers, bad methods) never reach fastify. */
function answerUnparsableRequest(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers_too_large', '请求头过大 · The request headers are too large.']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request_timeout', '请求超时 · The request took too long to arrive.']
        : [400, 'malformed_request', '请求格式无效 · The request is not valid HTTP.'];
  const body = JSON.stringify({ error: { code, message } });
  if (socket.writable) socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`);
  socket.destroy();
}

function clientErrorCode(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'malformed_json';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'body_too_large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported_media_type';
    default:
      return 'bad_request';
  }
}

function clientErrorMessage(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return '请求体不是有效的 JSON · The request body is not valid JSON.';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return `请求体超过 ${BODY_LIMIT_BYTES / 1024} KB · The request body is larger than ${BODY_LIMIT_BYTES / 1024} KB.`;
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return '请以 application/json 发送 · Send the body as application/json.';
    default:
      return `请求无效 · ${error.message}`;
  }
}

/** Vite names every built asset under assets/ by its content hash: a new build is a new name (.br/.gz: its copies). */
const HASHED_ASSET = /[\\/]assets[\\/][^\\/]+-[\w-]{8,}\.\w+(\.br|\.gz)?$/;
export const CACHE_HASHED = 'public, max-age=31536000, immutable';
/** index.html (and anything not hashed) is checked every time, so a new build shows at once. */
export const CACHE_REVALIDATE = 'no-cache';

/**
 * Serves the built UI like a production site: the brotli or gzip copy made at build
 * (scripts/precompress-ui.ts) when the client accepts it, hashed assets cached for a year as
 * immutable, index.html revalidated. Any non-API path falls back to index.html (the UI routes by path).
 */
export async function serveUi(app: FastifyInstance, distDir: string): Promise<void> {
  const hasUi = existsSync(distDir);
  if (hasUi)
    await app.register(fastifyStatic, {
      root: distDir,
      wildcard: false,
      index: ['index.html'],
      preCompressed: true,
      cacheControl: false, // set per file below
      setHeaders: (reply, path) => {
        reply.header('cache-control', HASHED_ASSET.test(path) ? CACHE_HASHED : CACHE_REVALIDATE);
      },
    });
  // Unknown routes count against the rate limit too (a scanner is still a scanner).
  const rateLimit = app.hasDecorator('rateLimit') ? { preHandler: app.rateLimit() } : {};
  app.setNotFoundHandler(rateLimit, (request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET' || !hasUi)
      return reply.code(404).send({ error: { code: 'not_found', message: `没有这个地址 · No such route: ${request.method} ${request.url.split('?')[0].slice(0, 100)}` } });
    return reply.type('text/html').sendFile('index.html');
  });
}
