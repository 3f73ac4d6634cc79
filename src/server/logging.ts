import {
  LogController,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import { CustodianError } from '../errors.js';

/** Where log lines go: one JSON object per line (pino's format). */
export interface LogStream {
  write(line: string): unknown;
}

/**
 * Pino options that keep personal data out of the log: nothing here ever serialises a body, a
 * header, a URL or an error message, which may quote input (a database error echoing a value, a
 * JSON parse error quoting the body). Requests are logged by `SafeLogController`.
 */
export function loggerOptions(
  logger: LogStream | { readonly stream: LogStream; readonly level?: string },
): NonNullable<Exclude<FastifyServerOptions['logger'], boolean>> {
  const { stream, level } = 'write' in logger ? { stream: logger, level: undefined } : logger;
  return {
    level: level ?? 'info',
    stream,
    serializers: {
      req: (request: FastifyRequest) => ({ method: request.method, route: routeOf(request) }),
      res: (reply: { statusCode: number }) => ({ status: reply.statusCode }),
      err: safeError,
    },
  };
}

/** The route pattern (`/u/:token`), never the URL: tokens and query strings stay out of logs. */
function routeOf(request: FastifyRequest): string {
  try {
    return request.routeOptions.url ?? '(no route)';
  } catch {
    // Requests the router refused (a malformed URL) have no route context.
    return '(no route)';
  }
}

/**
 * Fastify's request log lines, rewritten: one line per request with method, route pattern,
 * status, time and request id (pino binds `reqId`); errors by kind and code, never by message.
 */
export class SafeLogController extends LogController {
  override incomingRequest(): void {
    // One line per request, when it completes.
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const line = {
      method: request.method,
      route: routeOf(request),
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    };
    if (error) request.log.error({ ...line, err: error }, 'request errored');
    else request.log.info(line, 'request');
  }

  override defaultErrorLog(error: Error, request: FastifyRequest): void {
    request.log.error({ err: error }, 'request failed');
  }

  override routeNotFound(): void {
    // The not-found handler answers; the completion line says 404 with no route.
  }

  override streamError(error: Error, request: FastifyRequest): void {
    request.log.warn({ err: error }, 'response stream failed');
  }

  override writeHeadError(error: Error, request: FastifyRequest): void {
    request.log.warn({ err: error }, 'writing the response head failed');
  }

  override serializerError(error: Error, request: FastifyRequest): void {
    request.log.error({ err: error }, 'serialising the response failed');
  }
}

/** An error as logged: its kind, code and stack frames, without its message. */
export function safeError(error: unknown): {
  type: string;
  message: string;
  stack: string;
  [key: string]: unknown;
} {
  if (!(error instanceof Error)) {
    // Some libraries throw plain objects (Emscripten's ErrnoError): their name, not `object`.
    const name = (error as { name?: unknown } | null)?.name;
    return { type: typeof name === 'string' ? name : typeof error, message: '', stack: '' };
  }
  const code = (error as { code?: unknown }).code;
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .join('\n');
  return {
    type: error.name,
    ...(typeof code === 'string' ? { code } : {}),
    // A CustodianError's message carries no personal data by contract; others may quote input.
    message: error instanceof CustodianError ? error.message : '(not logged)',
    stack: frames,
  };
}
