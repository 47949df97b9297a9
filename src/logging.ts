import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Nothing that identifies a patient, no token and no result value is ever
 * passed to the logger; request logs carry ids, codes and timings only.
 */
export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  return options.destination ? pino({ level, base: { service: 'hospital-gateway' } }, options.destination) : pino({ level, base: { service: 'hospital-gateway' } });
}

/** A logger that drops everything (tests that do not inspect logs). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
