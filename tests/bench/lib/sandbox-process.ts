// The sandbox store in a child process of its own, so that the benchmarked Strapi process's RSS and
// event loop carry nothing of the store. Started with the CLI; its one JSON "ready" line gives the URL.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';

export interface SandboxProcessOptions {
  products: number;
  seed?: number;
  quota: number;
  windowMs: number;
  latencyMs: number;
  /** Added per KiB of an API response's body (the sandbox's size-proportional latency). */
  latencyPerKbMs?: number;
}

export interface SandboxReady {
  url: string;
  apiBase: string;
  storeHash: string;
  accessToken: string;
  products: number;
  startedInMs: number;
}

export interface SandboxStats {
  requests: number;
  throttled: number;
  byRoute: Record<string, number>;
}

export interface SandboxProcess extends SandboxReady {
  pid: number;
  /** Plain HTTP to the sandbox (control plane or API); the body is parsed when it is JSON. */
  call<T = unknown>(method: string, urlPath: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T; bytes: number }>;
  /** GET on the BigCommerce API with the store's token (counts against the quota and the stats). */
  api<T = unknown>(pathFromApiBase: string): Promise<T>;
  stats(): Promise<SandboxStats>;
  resetStats(): Promise<void>;
  /** Replaces the sandbox's fault options (latency included) through its control plane. */
  setFaults(faults: { latencyMs?: number; latencyPerKbMs?: number }): Promise<void>;
  /** Sets the quota the limiter applies from now on (a fresh window at the next request); 0 turns it off. */
  setQuota(quota: number, windowMs: number): Promise<void>;
  /** Re-applies the quota: the limiter starts a fresh window at the next request. */
  resetRateLimit(): Promise<void>;
  stop(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '..', '..', '..');
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

export const request = (
  url: string,
  method = 'GET',
  body?: unknown,
  headers: Record<string, string> = {}
): Promise<{ status: number; text: string; bytes: number }> =>
  new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request(
      url,
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
          const buffer = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, text: buffer.toString('utf8'), bytes: buffer.length });
        });
        res.on('error', reject);
      }
    );
    req.on('error', reject);
    req.end(payload);
  });

export const startSandboxProcess = async (options: SandboxProcessOptions): Promise<SandboxProcess> => {
  const args = [
    'tsx',
    'tests/sandbox/cli.ts',
    '--port',
    '0',
    '--products',
    String(options.products),
    '--seed',
    String(options.seed ?? 1),
    '--quota',
    String(options.quota),
    '--window',
    String(options.windowMs),
    '--latency',
    String(options.latencyMs),
    '--latency-per-kb',
    String(options.latencyPerKbMs ?? 0),
  ];
  // Its own process group: stop() ends npx, tsx and the node process under it, and nothing else.
  const child: ChildProcess = spawn('npx', args, { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const ready = await new Promise<SandboxReady>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`sandbox did not print its ready line within 60 s\n${stderr}`)), 60_000);
    lines.on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as SandboxReady & { sandbox?: string };
        if (parsed.sandbox === 'ready') {
          clearTimeout(timer);
          resolve(parsed);
        }
      } catch {
        // not the ready line
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sandbox exited (${code}) before it was ready\n${stderr}`));
    });
  });

  const call = async <T>(method: string, urlPath: string, body?: unknown, headers?: Record<string, string>) => {
    const res = await request(`${ready.url}${urlPath}`, method, body, headers);
    let parsed: unknown = res.text;
    try {
      parsed = res.text ? JSON.parse(res.text) : undefined;
    } catch {
      // leave as text
    }
    if (res.status >= 400) throw new Error(`${method} ${urlPath} -> ${res.status}: ${res.text.slice(0, 300)}`);
    return { status: res.status, body: parsed as T, bytes: res.bytes };
  };
  let stopped: Promise<void> | undefined;
  let quota = { quota: options.quota, windowMs: options.windowMs };
  const applyQuota = async () => void (await call('PUT', '/__sandbox/rate-limit', quota.quota > 0 ? quota : { enabled: false }));
  return {
    ...ready,
    pid: child.pid!,
    call,
    api: async <T>(p: string) => (await call<T>('GET', `/stores/${ready.storeHash}${p}`, undefined, { 'x-auth-token': ready.accessToken })).body,
    stats: async () => (await call<SandboxStats>('GET', '/__sandbox/stats')).body,
    resetStats: async () => void (await call('POST', '/__sandbox/reset-stats')),
    setFaults: async (faults) => void (await call('PUT', '/__sandbox/faults', faults)),
    setQuota: async (q, windowMs) => {
      quota = { quota: q, windowMs };
      await applyQuota();
    },
    resetRateLimit: applyQuota,
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => {
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {
            // already gone
          }
        }, 5_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        try {
          process.kill(-child.pid!, 'SIGTERM');
        } catch {
          clearTimeout(timer);
          resolve();
        }
      })),
  };
};
