// A keep-alive HTTP client for timing a running Strapi from outside its request pipeline, as a
// storefront or BigCommerce would call it. Each call is timed from the request's start to the last
// byte of the response.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface TimedResponse {
  status: number;
  text: string;
  bytes: number;
  ms: number;
}

export interface HttpClient {
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<TimedResponse>;
  get(path: string, headers?: Record<string, string>): Promise<TimedResponse>;
  /** Closes the kept-alive sockets. */
  close(): void;
}

/** `maxSockets` 1 for latency (one request at a time on one warm socket); more for a burst. */
export const httpClient = (baseUrl: string, { maxSockets = 1 }: { maxSockets?: number } = {}): HttpClient => {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const request = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<TimedResponse> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const t0 = performance.now();
      const req = http.request(
        `${baseUrl}${path}`,
        {
          method,
          agent,
          headers: {
            accept: 'application/json',
            ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const ms = performance.now() - t0;
            const buffer = Buffer.concat(chunks);
            resolve({ status: res.statusCode ?? 0, text: buffer.toString('utf8'), bytes: buffer.length, ms });
          });
          res.on('error', reject);
        }
      );
      req.on('error', reject);
      req.end(payload);
    });
  return { request, get: (path, headers) => request('GET', path, undefined, headers), close: () => agent.destroy() };
};
