import type { FastifyReply, FastifySchemaValidationError } from 'fastify';
import { refuse, type Refusal } from '../kernel/refusal.js';

/** The API's error shape (docs/api.md): `{"error": {"code", "message"}}`. */
export function sendRefusal(reply: FastifyReply, refusal: Refusal & { details?: object }): FastifyReply {
  return reply.code(refusal.status).send({ error: { code: refusal.code, message: refusal.message, ...(refusal.details ?? {}) } });
}

/** A refusal thrown from a hook (e.g. the rate limiter): the error handler answers it in the contract's shape. */
export class RefusalError extends Error {
  readonly statusCode: number;
  readonly code: string;

  constructor(readonly refusal: Refusal) {
    super(refusal.message);
    this.statusCode = refusal.status;
    this.code = refusal.code;
  }
}

/**
 * The first problem the route's zod schema found, as the contract's 400. A check that carries its
 * own `params.code` (e.g. `card_or_holder_required`) keeps it; a missing or empty value is
 * `missing_field`; a value that is there but wrong is `invalid_field`; a body that is not a JSON
 * object at all is `bad_request`.
 */
export function validationRefusal(issues: readonly FastifySchemaValidationError[], part: string | undefined, input: unknown): Refusal {
  const issue = issues[0];
  const params = (issue.params ?? {}) as { params?: { code?: string }; expected?: string; values?: unknown[]; maximum?: number | bigint; minimum?: number | bigint; origin?: string; format?: string };
  const path = (issue.instancePath ?? '').split('/').filter(Boolean);
  const field = path.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
  const value = path.reduce<unknown>((at, key) => (at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), input);

  if (issue.keyword === 'custom') return refuse(400, params.params?.code ?? 'invalid_field', issue.message ?? '请求无效 · The request is not valid.');
  if (path.length === 0) {
    if (part === 'body') return refuse(400, 'bad_request', '请求体应为 JSON 对象 · The request body must be a JSON object.');
    return refuse(400, 'bad_request', `请求的${part ?? ''}无效 · The request's ${part ?? 'input'} is not valid.`);
  }
  // A choice is answered with its list, whether it was missing or wrong.
  if (issue.keyword === 'invalid_value' && params.values) {
    const choices = params.values.map(String);
    return refuse(400, 'invalid_field', `“${field}”应为 ${choices.join('、')} 之一 · "${field}" must be one of ${choices.join(', ')}.`);
  }
  if (value === undefined || value === null || value === '') return refuse(400, 'missing_field', `缺少“${field}” · "${field}" is required.`);
  // A schema may word its own message, in the contract's "中文 · English" form.
  return refuse(400, 'invalid_field', issue.message?.includes(' · ') ? issue.message : describe(field, issue.keyword, params));
}

const typeNames: Record<string, [string, string]> = {
  string: ['文本', 'text'],
  number: ['数字', 'a number'],
  int: ['整数', 'a whole number'],
  boolean: ['true 或 false', 'true or false'],
  object: ['对象', 'an object'],
  array: ['列表', 'a list'],
};

function describe(field: string, keyword: string, params: { expected?: string; maximum?: number | bigint; minimum?: number | bigint; origin?: string; format?: string }): string {
  const { origin, maximum, minimum } = params;
  switch (keyword) {
    case 'invalid_type': {
      const [zh, en] = typeNames[params.expected ?? ''] ?? ['其他类型', `of type ${params.expected}`];
      return `“${field}”应为${zh} · "${field}" must be ${en}.`;
    }
    case 'too_big':
      if (origin === 'string') return `“${field}”不能超过 ${maximum} 个字符 · "${field}" is longer than ${maximum} characters.`;
      if (origin === 'array') return `“${field}”最多 ${maximum} 项 · "${field}" has more than ${maximum} items.`;
      return `“${field}”不能大于 ${maximum} · "${field}" must be at most ${maximum}.`;
    case 'too_small':
      if (origin === 'string') return `“${field}”至少 ${minimum} 个字符 · "${field}" needs at least ${minimum} characters.`;
      if (origin === 'array') return `“${field}”至少 ${minimum} 项 · "${field}" needs at least ${minimum} items.`;
      return `“${field}”不能小于 ${minimum} · "${field}" must be at least ${minimum}.`;
    case 'invalid_format':
      return `“${field}”格式不正确 · "${field}" is not in the expected format${params.format ? ` (${params.format})` : ''}.`;
    case 'invalid_union':
      return `“${field}”的形式不对 · "${field}" does not have any of the accepted forms.`;
    default:
      return `“${field}”无效 · "${field}" is not valid.`;
  }
}
