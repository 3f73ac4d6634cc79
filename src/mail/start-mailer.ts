import type { Kysely } from 'kysely';
import { FailureStreak, failureKind } from '../errors.js';
import type { Database } from '../store/index.js';
import { deliverOutbox, type DeliveryResult } from './deliver.js';
import type { MailTransport } from './transport.js';

/** Where the mailer reports trouble; pino's and Fastify's loggers fit. */
export interface MailerLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
  info?(details: object, message: string): void;
}

export interface MailerOptions {
  readonly db: Kysely<Database>;
  readonly secret: Buffer;
  /** The SMTP transport; without one, mails wait in the outbox and a warning is logged once. */
  readonly transport?: MailTransport;
  readonly logger?: MailerLogger;
  /** How often the outbox is looked at; 2 s by default. `wake` looks at once. */
  readonly intervalMs?: number;
  readonly now?: () => Date;
}

/** The running mailer of a server. */
export interface Mailer {
  /** Looks at the outbox now instead of at the next interval (a mail was just written). */
  wake(): void;
  /** One delivery pass now, for tests and the CLI; resolves with what it did. */
  deliverNow(): Promise<DeliveryResult>;
  /** Stops the loop, waits for a pass in flight, and closes the transport. */
  stop(): Promise<void>;
}

const NOTHING: DeliveryResult = { sent: 0, retrying: 0, failed: 0 };

/** The longest wait between passes while they keep failing (the store is full or gone). */
const MAX_BACKOFF_MS = 5 * 60 * 1000;

/**
 * Starts delivering the outbox in this process: a timer, not a pg-boss job, because a pass is one
 * short claim statement and the claims (`for update skip locked` with a lease) already make
 * several processes safe; on PGlite the single connection is taken only for the moments of a
 * claim or an update, never across an SMTP conversation.
 */
export function startMailer(options: MailerOptions): Mailer {
  const transport = options.transport;
  if (transport === undefined) {
    // Once, and without personal data: the operator learns why mail does not arrive.
    options.logger?.warn(
      { outbox: 'pending' },
      'mail: CUSTODIAN_SMTP_URL is not set; mails stay in the outbox until it is',
    );
    return {
      wake: () => undefined,
      deliverNow: () => Promise.resolve(NOTHING),
      stop: () => Promise.resolve(),
    };
  }
  const interval = options.intervalMs ?? 2000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<DeliveryResult> | undefined;
  let stopped = false;
  // A pass that fails (the database is full or gone) is logged once, when the failures start or
  // change kind, and the loop backs off: twice the wait after each failure, up to five minutes.
  const streak = new FailureStreak();

  const pass = (): Promise<DeliveryResult> => {
    running ??= deliverOutbox(options.db, options.secret, transport, {
      ...(options.now === undefined ? {} : { now: options.now }),
    })
      .then((result) => {
        const ended = streak.succeeded();
        const logger = options.logger;
        if (ended > 0 && logger) {
          (logger.info ?? logger.warn).call(
            logger,
            { failedPasses: ended },
            'mail: delivery passes work again',
          );
        }
        return result;
      })
      .catch((error: unknown) => {
        if (streak.failed(failureKind(error))) {
          const fields = (typeof error === 'object' && error !== null ? error : {}) as {
            name?: unknown;
            code?: unknown;
          };
          options.logger?.error(
            {
              ...(typeof fields.name === 'string' ? { error: fields.name } : {}),
              ...(typeof fields.code === 'string' ? { code: fields.code } : {}),
            },
            'mail: delivery pass failed; retrying with backoff, logged again when it recovers',
          );
        }
        return NOTHING;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  /** The wait before the next pass: the interval, doubled for each failure in a row. */
  const nextDelay = (): number =>
    streak.count === 0
      ? interval
      : Math.min(interval * 2 ** Math.min(streak.count, 20), Math.max(MAX_BACKOFF_MS, interval));

  const schedule = (delay: number): void => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      void pass().then(() => {
        schedule(nextDelay());
      });
    }, delay);
    timer.unref();
  };
  schedule(0);

  return {
    wake: () => {
      schedule(0);
    },
    deliverNow: pass,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      transport.close();
    },
  };
}
