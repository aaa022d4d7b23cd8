// Webhook delivery: for each catalog event, POST BigCommerce's light payload to every active hook
// whose scope matches, with the hook's custom headers, off the request path. Failed deliveries
// are retried with a short backoff (BigCommerce waits minutes to hours; tests cannot), and a hook
// whose events keep failing is deactivated, as BigCommerce does after its last retry.
import { createHash } from 'node:crypto';
import type { CatalogEvent, SandboxStore } from './store';
import type { Webhook, WebhookDelivery, WebhookPayload } from './types';

export interface WebhookSettings {
  /** Extra attempts after the first failed one. Default 2. */
  retries?: number;
  /** Delay before the first retry; doubles on each further retry. Default 50 ms. */
  backoffMs?: number;
  /** Per-attempt timeout. Default 2000 ms. */
  timeoutMs?: number;
  /** Events in a row that failed every attempt before the hook is set is_active:false. Default 5; 0 never. */
  deactivateAfter?: number;
  /** Hosts besides loopback that deliveries may reach (the sandbox never posts elsewhere by default). */
  allowHosts?: string[];
  /** Deliveries kept in the log. Default 10,000. */
  logLimit?: number;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** `store/product/*` matches every event under store/product/; anything else must match exactly. */
export function scopeMatches(hookScope: string, eventScope: string): boolean {
  if (hookScope.endsWith('/*')) return eventScope.startsWith(hookScope.slice(0, -1));
  return hookScope === eventScope;
}

export class WebhookDispatcher {
  private readonly log: WebhookDelivery[] = [];
  private readonly pending = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private nextId = 1;
  private readonly s: Required<WebhookSettings>;

  constructor(
    private readonly store: SandboxStore,
    settings: WebhookSettings = {}
  ) {
    this.s = {
      retries: settings.retries ?? 2,
      backoffMs: settings.backoffMs ?? 50,
      timeoutMs: settings.timeoutMs ?? 2000,
      deactivateAfter: settings.deactivateAfter ?? 5,
      allowHosts: settings.allowHosts ?? [],
      logLimit: settings.logLimit ?? 10_000,
    };
  }

  deliveries(): WebhookDelivery[] {
    return [...this.log];
  }

  clear(): void {
    this.log.length = 0;
  }

  /** Builds the payload once per event so every hook (and every retry) gets the same hash. */
  payloadFor(e: CatalogEvent): WebhookPayload {
    const body = {
      scope: e.scope,
      store_id: String(this.store.storeId),
      data: e.data,
      created_at: Math.floor(this.store.now() / 1000),
      producer: `stores/${this.store.storeHash}`,
    };
    const hash = createHash('sha1').update(JSON.stringify(body)).digest('hex');
    return { scope: body.scope, store_id: body.store_id, data: body.data, hash, created_at: body.created_at, producer: body.producer };
  }

  emit(e: CatalogEvent): void {
    if (this.abort.signal.aborted) return;
    const targets = [...this.store.hooks.hooks.values()].filter((h) => h.is_active && scopeMatches(h.scope, e.scope));
    if (!targets.length) return;
    const payload = this.payloadFor(e);
    for (const hook of targets) {
      const p = this.deliver(hook, payload).finally(() => this.pending.delete(p));
      this.pending.add(p);
    }
  }

  /** Resolves once every delivery started so far (retries included) has finished. */
  async flush(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.flush();
  }

  private allowed(destination: string): boolean {
    const host = new URL(destination).hostname.toLowerCase();
    return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host) || this.s.allowHosts.includes(host);
  }

  private record(d: Omit<WebhookDelivery, 'id'>): void {
    this.log.push({ id: this.nextId++, ...d });
    if (this.log.length > this.s.logLimit) this.log.splice(0, this.log.length - this.s.logLimit);
  }

  private async deliver(hook: Webhook, payload: WebhookPayload): Promise<void> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'bigcommerce-sandbox-webhooks/1',
      ...(hook.headers ?? {}),
    };
    const body = JSON.stringify(payload);
    for (let attempt = 1; attempt <= 1 + this.s.retries; attempt++) {
      if (this.abort.signal.aborted || !hook.is_active) return;
      const started = Date.now();
      const base = { hook_id: hook.id, scope: payload.scope, destination: hook.destination, attempt, headers, payload, at: started };
      if (!this.allowed(hook.destination)) {
        this.record({ ...base, status: null, ok: false, error: 'destination is not a loopback address; the sandbox delivers locally only', duration_ms: 0 });
        break;
      }
      let status: number | null = null;
      let error: string | undefined;
      try {
        const res = await fetch(hook.destination, {
          method: 'POST',
          headers,
          body,
          redirect: 'manual',
          signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.s.timeoutMs)]),
        });
        status = res.status;
        await res.arrayBuffer().catch(() => undefined);
      } catch (err) {
        error = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
      }
      const ok = status !== null && status >= 200 && status < 300;
      this.record({ ...base, status, ok, ...(error ? { error } : {}), duration_ms: Date.now() - started });
      if (ok) {
        hook.consecutive_failures = 0;
        return;
      }
      if (attempt <= this.s.retries) await this.sleep(this.s.backoffMs * 2 ** (attempt - 1));
    }
    if (this.abort.signal.aborted) return;
    hook.consecutive_failures++;
    if (this.s.deactivateAfter > 0 && hook.consecutive_failures >= this.s.deactivateAfter && hook.is_active) {
      hook.is_active = false;
      hook.updated_at = Math.floor(this.store.now() / 1000);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.abort.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(t);
          resolve();
        },
        { once: true }
      );
    });
  }
}
