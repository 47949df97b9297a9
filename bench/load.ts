import { execFile } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/paths';

export interface LoadTarget {
  name: string;
  url: string;
  body: unknown;
  headers?: Record<string, string>;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** source statements per request, where the server under load counts them */
  statementsPerRequest?: number;
}

/**
 * Many small concurrent requests from autocannon in a process of its own, so that the load
 * generator does not share the event loop of the server it measures. Bounded in time.
 */
export function runLoad(target: LoadTarget, options: { connections: number; seconds: number }): Promise<LoadResult> {
  const cli = path.join(PROJECT_ROOT, 'node_modules', 'autocannon', 'autocannon.js');
  const headers = { 'content-type': 'application/json', ...target.headers };
  const args = [cli, '--json', '-c', String(options.connections), '-d', String(options.seconds), '-m', 'POST', '-b', JSON.stringify(target.body)];
  for (const [key, value] of Object.entries(headers)) args.push('-H', `${key}=${value}`);
  args.push(target.url);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 64 * 1024 * 1024, timeout: (options.seconds + 60) * 1000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`autocannon failed: ${error.message} ${stderr.slice(0, 500)}`));
      const result = JSON.parse(stdout) as { requests: { average: number; total: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number; '2xx': number };
      resolve({ requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, requests: result.requests.total, non2xx: result.non2xx, errors: result.errors });
    });
  });
}
