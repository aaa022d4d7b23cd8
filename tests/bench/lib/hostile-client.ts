// A raw node:http client in a child process of its own, for the abuse bench: what it spends building
// and writing hostile bodies does not land in the benchmarked Strapi process, so that
// process.cpuUsage() there counts the server's work only, and a flood does not share Strapi's event loop.
//
// The parent forks this file (`startHostileClient`); the child runs commands sent over IPC:
//   burst — `count` requests of one shape, one at a time on a keep-alive socket;
//   flood — `clients` loops, each cycling through the shapes, until `durationMs` has passed.
// A request is answered by its status ("400"), or "reset" / "error CODE" when the socket failed before
// a response came (a server that stops reading a body may close the connection under the writer).
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface RawRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body: string;
  /** Sent with Transfer-Encoding: chunked (8 KB writes) instead of a Content-Length. */
  chunked?: boolean;
}

export interface BurstResult {
  statuses: Record<string, number>;
  /** Client-side time of each request, start to the response's last byte. */
  ms: number[];
  /** The first response's body (cut), to check that the class is refused for the reason it names. */
  sample: string;
}

export interface FloodResult {
  statuses: Record<string, number>;
  sent: number;
  wallMs: number;
}

type Command =
  | { id: number; kind: 'burst'; url: string; request: RawRequest; count: number }
  | { id: number; kind: 'flood'; url: string; requests: RawRequest[]; clients: number; durationMs: number };

/** A command before the parent numbers it (Omit over each member of the union). */
type Unnumbered = Command extends infer C ? (C extends Command ? Omit<C, 'id'> : never) : never;

type Reply = { id: number; result?: BurstResult | FloodResult; error?: string };

const CHUNK = 8192;

/** One request; resolves with its status and the start of its body, whatever happens to the socket. */
const send = (agent: http.Agent, url: string, request: RawRequest, body: Buffer): Promise<{ status: string; text: string; ms: number }> =>
  new Promise((resolve) => {
    const t0 = performance.now();
    let done = false;
    const finish = (status: string, text = '') => {
      if (done) return;
      done = true;
      resolve({ status, text, ms: performance.now() - t0 });
    };
    const headers = { ...request.headers, ...(request.chunked ? {} : { 'content-length': String(body.length) }) };
    const req = http.request(`${url}${request.path}`, { method: request.method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < 600) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => finish(String(res.statusCode), Buffer.concat(chunks).toString('utf8').slice(0, 600)));
      res.on('error', () => finish(String(res.statusCode)));
    });
    // After the answer, a write into a socket the server closed is expected: only an error first counts.
    req.on('error', (error: NodeJS.ErrnoException) =>
      finish(error.code === 'ECONNRESET' || error.code === 'EPIPE' ? 'reset' : `error ${error.code ?? error.message}`)
    );
    if (request.chunked) {
      for (let at = 0; at < body.length; at += CHUNK) req.write(body.subarray(at, at + CHUNK));
      req.end();
    } else req.end(body);
  });

const tally = (statuses: Record<string, number>, status: string) => {
  statuses[status] = (statuses[status] ?? 0) + 1;
};

const run = async (command: Command): Promise<BurstResult | FloodResult> => {
  if (command.kind === 'burst') {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const body = Buffer.from(command.request.body);
    const result: BurstResult = { statuses: {}, ms: [], sample: '' };
    try {
      for (let i = 0; i < command.count; i++) {
        const res = await send(agent, command.url, command.request, body);
        tally(result.statuses, res.status);
        result.ms.push(res.ms);
        if (i === 0) result.sample = res.text;
      }
    } finally {
      agent.destroy();
    }
    return result;
  }
  const bodies = command.requests.map((request) => Buffer.from(request.body));
  const result: FloodResult = { statuses: {}, sent: 0, wallMs: 0 };
  const t0 = performance.now();
  const over = () => performance.now() - t0 >= command.durationMs;
  await Promise.all(
    Array.from({ length: command.clients }, async (_, client) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      try {
        for (let i = client; !over(); i++) {
          const k = i % command.requests.length;
          tally(result.statuses, (await send(agent, command.url, command.requests[k], bodies[k])).status);
          result.sent += 1;
        }
      } finally {
        agent.destroy();
      }
    })
  );
  result.wallMs = performance.now() - t0;
  return result;
};

export interface HostileClient {
  burst(url: string, request: RawRequest, count: number): Promise<BurstResult>;
  flood(url: string, requests: RawRequest[], clients: number, durationMs: number): Promise<FloodResult>;
  close(): void;
}

const CHILD_FLAG = '--hostile-client';

/** Forks the client (tsx's loader comes with the parent's execArgv). */
export const startHostileClient = (): HostileClient => {
  const child: ChildProcess = fork(__filename, [CHILD_FLAG], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let next = 0;
  const pending = new Map<number, { resolve: (value: never) => void; reject: (error: Error) => void }>();
  child.on('message', (message: Reply) => {
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    if (message.error) waiting.reject(new Error(`hostile client: ${message.error}`));
    else waiting.resolve(message.result as never);
  });
  child.once('exit', (code) => {
    for (const waiting of pending.values()) waiting.reject(new Error(`hostile client exited (${code})`));
    pending.clear();
  });
  const ask = <T>(command: Unnumbered): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = (next += 1);
      pending.set(id, { resolve: resolve as (value: never) => void, reject });
      child.send({ ...command, id });
    });
  return {
    burst: (url, request, count) => ask<BurstResult>({ kind: 'burst', url, request, count }),
    flood: (url, requests, clients, durationMs) => ask<FloodResult>({ kind: 'flood', url, requests, clients, durationMs }),
    close: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    },
  };
};

if (process.argv.includes(CHILD_FLAG) && process.send) {
  process.on('message', (command: Command) => {
    run(command).then(
      (result) => process.send!({ id: command.id, result } satisfies Reply),
      (error: unknown) => process.send!({ id: command.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies Reply)
    );
  });
  // The parent's end is this child's end.
  process.on('disconnect', () => process.exit(0));
}
