import type http from 'node:http';

/**
 * Stops an HTTP server the way a rolling restart needs: no new connections, every request that
 * has reached the server finished, idle keep-alive connections closed.
 *
 * Node's `server.close()` stops listening at once, and the kernel resets every connection still
 * waiting in the accept backlog. The close usually runs from a timer, and after a busy spell of
 * the event loop (a large request executing) timers run before the accepts that are due, so a
 * client that connected during that spell would see its connection reset. Turns of the loop
 * first let those accepts happen; a connection accepted counts as in a request and is served.
 */
export async function closeGracefully(server: http.Server, idleSweepMs = 500): Promise<void> {
  await afterPendingReads();
  // resolves also when the server was closed already (a second close)
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // connections in a request at the close stay open after their response (keep-alive): close them
  // as they fall idle, or the close would wait on them
  const sweep = setInterval(() => void afterPendingReads().then(() => server.closeIdleConnections()), idleSweepMs);
  try {
    await closed;
  } finally {
    clearInterval(sweep);
  }
}

/** one turn of the loop accepts waiting connections, the next reads what they sent */
async function afterPendingReads(): Promise<void> {
  for (let turn = 0; turn < 2; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
}
