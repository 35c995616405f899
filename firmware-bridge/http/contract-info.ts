/** The head of the OpenAPI document (`GET /api/openapi.json`, rendered into docs/api.md). */
export const apiInfo = {
  openapi: '3.0.3',
  info: {
    title: 'frontdesk HTTP API',
    version: '1',
    description: [
      'The front desk\'s HTTP API: kiosk, counter screens, board, ticket status page and staff tools.',
      '',
      'Every refusal is `{"error": {"code", "message"}}` with a 4xx status (5xx for the desk\'s own trouble) and a',
      'bilingual message ("中文 · English"); a refused request changes nothing. Input that does not match a route\'s',
      'schema is a 400: `missing_field`, `invalid_field`, or `bad_request` when the body is not a JSON object.',
      '',
      'Staff routes need `Authorization: Bearer <token>` from `POST /api/session` (401 `not_logged_in`; 403 `forbidden`',
      'when the route needs a role). `/api/…` is limited per client address (`http.rateLimitPerMinute`; loopback:',
      '`http.loopbackRateLimitPerMinute`, 0 = exempt; logged-in staff are not limited): 429 `rate_limited` with `Retry-After`.',
    ].join('\n'),
  },
  components: {
    securitySchemes: { staff: { type: 'http' as const, scheme: 'bearer', description: 'The token of POST /api/session.' } },
  },
};
