import http from 'node:http';

/** One request as the fuzz suite sends it: raw bytes, so that bodies can be malformed, chunked or mislabelled. */
export interface RawRequest {
  method: string;
  /** Path and query string, already encoded as the test wants it on the wire. */
  path: string;
  headers?: Record<string, string | string[]>;
  body?: Buffer | string;
  /** Send the body with `Transfer-Encoding: chunked` in pieces of this many bytes (no Content-Length). */
  chunkSize?: number;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

/** Answers are read up to this size: an error envelope is small, a catalog page is not huge. */
const MAX_READ = 4 * 1024 * 1024;

export const closeAgent = (): void => agent.destroy();

/** Sends one request to the booted Strapi and reads the whole answer (or fails after `timeoutMs`). */
export const send = (baseUrl: string, req: RawRequest, timeoutMs = 30_000): Promise<RawResponse> =>
  new Promise((resolve, reject) => {
    const url = new URL(baseUrl);
    // Set once the status line arrived: a reset after that (an early 413 closing the upload) still counts as that answer.
    let answered: ((text: string) => void) | undefined;
    const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
    const headers: Record<string, string | string[]> = { ...req.headers };
    if (body && !req.chunkSize) headers['content-length'] = String(body.length);
    if (body && req.chunkSize) headers['transfer-encoding'] = 'chunked';
    const outgoing = http.request({ host: url.hostname, port: url.port, method: req.method, path: req.path, headers, agent }, (res) => {
      answered = (text) => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: undefined });
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_READ) chunks.push(chunk);
      });
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', () => answered?.(Buffer.concat(chunks).toString('utf8')));
    });
    outgoing.setTimeout(timeoutMs, () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    // A server that answers early (413) and closes may reset the rest of a large upload: the answer counts.
    outgoing.on('error', (error) => (answered ? answered('') : reject(error)));
    if (!body) return void outgoing.end();
    if (!req.chunkSize) return void outgoing.end(body);
    const write = async () => {
      for (let offset = 0; offset < body.length; offset += req.chunkSize!) {
        const ok = outgoing.write(body.subarray(offset, offset + req.chunkSize!));
        if (!ok) await new Promise((r) => outgoing.once('drain', r));
        if (outgoing.destroyed) return;
      }
      outgoing.end();
    };
    write().catch(reject);
  });
