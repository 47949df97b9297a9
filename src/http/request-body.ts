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
  // read with 'data' events: an async iterator over the request costs a small request ~2 % of its CPU
  const { body, size } = await new Promise<{ body: Buffer; size: number }>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (finish: () => void) => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      finish();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      // the rest is discarded by node once the 413 is answered
      if (size > limit) settle(() => reject(new BodyError(413, `the request body exceeds ${limit} bytes`)));
      else chunks.push(chunk);
    };
    const onEnd = () => settle(() => resolve({ body: Buffer.concat(chunks, size), size }));
    const onError = (error: Error) => settle(() => reject(error));
    const onClose = () => settle(() => reject(new Error('the client closed the connection before the request body ended')));
    req.on('data', onData).once('end', onEnd).once('error', onError).once('close', onClose);
  });
  if (size === 0) throw new BodyError(400, 'the request body is empty; send {"query": "..."}');
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new BodyError(400, 'the request body is not valid JSON');
  }
}
