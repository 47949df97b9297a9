import type { ServerResponse } from 'node:http';

/** Headers every response carries: nothing sniffed, framed, or leaked through referrers. */
export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store', ...headers });
  res.end(text);
}

/**
 * An error in the GraphQL response shape, for failures before GraphQL execution (auth, body).
 * It carries the request's id (the X-Request-Id header set on every response) for the user to quote,
 * and any details beside the code (a query limit's name, maximum and actual value).
 */
export function sendGraphQLError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}, details: Record<string, unknown> = {}): void {
  const requestId = res.getHeader('X-Request-Id');
  sendJson(res, status, { errors: [{ message, extensions: typeof requestId === 'string' ? { ...details, code, requestId } : { ...details, code } }] }, headers);
}

