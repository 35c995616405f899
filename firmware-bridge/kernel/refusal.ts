/** A command the domain will not carry out: a value, not an exception. The API maps it to 4xx. */
export interface Refusal {
  readonly refused: true;
  readonly code: string;
  readonly message: string;
  /** HTTP status the API answers with. */
  readonly status: 400 | 401 | 403 | 404 | 409 | 429 | 503;
}

export function refuse(status: Refusal['status'], code: string, message: string): Refusal {
  return { refused: true, code, message, status };
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && (value as Refusal).refused === true;
}
