import type { IncomingMessage } from 'node:http';

/** The request body could not be accepted; `status` is the HTTP status to answer with. */
export class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

/** Reads a JSON request body, refusing bodies over `limit` bytes before reading them whole. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && type !== 'application/graphql-response+json') {
    throw new BodyError(415, 'POST /graphql expects Content-Type: application/json');
  }
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) throw new BodyError(413, `the request body exceeds ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyError(413, `the request body exceeds ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) throw new BodyError(400, 'the request body is empty; send {"query": "..."}');
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new BodyError(400, 'the request body is not valid JSON');
  }
}
