import pino from 'pino';

export type Logger = pino.Logger;

/** JSON logs on stdout (journald keeps them); secrets are redacted wherever they appear. */
export function createLogger(level = process.env.FRONTDESK_LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'frontdesk' },
    redact: {
      paths: ['pin', '*.pin', 'pinHash', '*.pinHash', '*.*.pinHash', 'password', '*.password', 'token', '*.token', 'headers.authorization', 'card', '*.card', 'phone', '*.phone'],
      censor: '[redacted]',
    },
  });
}

export const silentLogger: Logger = pino({ level: 'silent' });
