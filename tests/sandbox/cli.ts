// `npm run sandbox` — runs the sandbox store until interrupted.
//   flags: --port 4010 --host 127.0.0.1 --products 500 --seed 1 --store-hash sandbox1 --token sandbox-token
//          --quota 150 --window 30000 (quota 0 disables the limit) --latency 0
//          --latency-per-kb 0 (ms added per KiB of an API response's body; fractions allowed)
//          --client-id sandbox-client-id --client-secret sandbox-client-secret (Customer Login JWTs)
//          --image-host (the sandbox serves the store's images: see images.ts)
//   env:   SANDBOX_PORT SANDBOX_HOST SANDBOX_PRODUCTS SANDBOX_SEED SANDBOX_STORE_HASH SANDBOX_TOKEN
//          SANDBOX_QUOTA SANDBOX_WINDOW_MS SANDBOX_LATENCY_MS SANDBOX_LATENCY_PER_KB_MS SANDBOX_CLIENT_ID SANDBOX_CLIENT_SECRET
//          SANDBOX_IMAGE_HOST=1
import { startSandbox } from './index';

function flag(name: string, env: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0 && i + 1 < process.argv.length) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  if (eq) return eq.slice(name.length + 3);
  return process.env[env];
}

function intFlag(name: string, env: string, fallback: number): number {
  const v = flag(name, env);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a non-negative integer (got ${v})`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  if (process.argv.includes('--help')) {
    console.log('Usage: tsx tests/sandbox/cli.ts [--port 4010] [--products 500] [--seed 1] [--quota 150] [--window 30000] [--latency 0] [--latency-per-kb 0]');
    return;
  }
  const quota = intFlag('quota', 'SANDBOX_QUOTA', 150);
  const token = flag('token', 'SANDBOX_TOKEN') ?? 'sandbox-token';
  const started = Date.now();
  const sb = await startSandbox({
    port: intFlag('port', 'SANDBOX_PORT', 4010),
    host: flag('host', 'SANDBOX_HOST') ?? '127.0.0.1',
    products: intFlag('products', 'SANDBOX_PRODUCTS', 500),
    seed: intFlag('seed', 'SANDBOX_SEED', 1),
    storeHash: flag('store-hash', 'SANDBOX_STORE_HASH') ?? 'sandbox1',
    accessTokens: { [token]: '*' },
    rateLimit: quota === 0 ? false : { quota, windowMs: intFlag('window', 'SANDBOX_WINDOW_MS', 30_000) },
    faults: { latencyMs: intFlag('latency', 'SANDBOX_LATENCY_MS', 0), latencyPerKbMs: Number(flag('latency-per-kb', 'SANDBOX_LATENCY_PER_KB_MS') ?? 0) },
    clientId: flag('client-id', 'SANDBOX_CLIENT_ID'),
    clientSecret: flag('client-secret', 'SANDBOX_CLIENT_SECRET'),
    imageHost: process.argv.includes('--image-host') || process.env.SANDBOX_IMAGE_HOST === '1',
  });
  console.log(
    JSON.stringify({
      sandbox: 'ready',
      url: sb.url,
      apiBase: sb.apiBase,
      storeHash: sb.storeHash,
      accessToken: sb.accessToken,
      products: sb.catalog.products.size,
      storefrontUrl: sb.storefrontUrl,
      paymentsBase: sb.paymentsBase,
      imageOrigin: sb.imageOrigin,
      clientId: sb.clientId,
      control: `${sb.url}/__sandbox`,
      startedInMs: Date.now() - started,
    })
  );
  const stop = (): void => {
    void sb.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
