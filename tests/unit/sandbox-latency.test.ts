// The sandbox's size-proportional latency (issue #16): the arithmetic, its validation, and that the
// delay is applied to API answers from their serialized size.
import { performance } from 'node:perf_hooks';

import { startSandbox, type Sandbox } from '../sandbox';
import { Faults, payloadDelayMs, perKbForPage } from '../sandbox/faults';

describe('payloadDelayMs / perKbForPage', () => {
  it('charges perKbMs for each KiB, rounded to a millisecond, nothing for an empty body or a zero rate', () => {
    expect(payloadDelayMs(1024, 2)).toBe(2);
    expect(payloadDelayMs(1536, 1)).toBe(2); // 1.5 → 2
    expect(payloadDelayMs(10 * 1024 * 1024, 0.1)).toBe(1024);
    expect(payloadDelayMs(0, 5)).toBe(0);
    expect(payloadDelayMs(4096, 0)).toBe(0);
  });

  it('derives the rate that makes a page take the target, less what a request costs already', () => {
    const bytes = 1_500 * 1024;
    const rate = perKbForPage(bytes, 1500, 200);
    expect(rate).toBeCloseTo(1300 / 1500, 10);
    expect(payloadDelayMs(bytes, rate) + 200).toBe(1500);
    // A page already slower than the target gets no more.
    expect(perKbForPage(bytes, 100, 200)).toBe(0);
    expect(perKbForPage(0, 1500)).toBe(0);
  });

  it('Faults refuses a negative or non-finite rate and applies a valid one', () => {
    const faults = new Faults(1);
    expect(() => faults.set({ latencyPerKbMs: -1 })).toThrow(RangeError);
    expect(() => faults.set({ latencyPerKbMs: Number.POSITIVE_INFINITY })).toThrow(RangeError);
    faults.set({ latencyPerKbMs: 0.5 });
    expect(faults.sizeDelayMs(4096)).toBe(2);
    faults.set({});
    expect(faults.sizeDelayMs(4096)).toBe(0);
  });
});

describe('the sandbox applies latencyPerKbMs to API answers', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ products: 30, rateLimit: false });
  });
  afterAll(() => sb.close());

  const timedGet = async (url: string, headers: Record<string, string> = {}) => {
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    const body = await res.arrayBuffer();
    return { ms: performance.now() - t0, bytes: body.byteLength, status: res.status };
  };

  it('a product page waits at least its size × the rate (a lower bound: a busy machine only adds)', async () => {
    const url = `${sb.apiBase}/v3/catalog/products?include=variants,images,custom_fields&limit=30`;
    const headers = { 'x-auth-token': sb.accessToken };
    const { bytes } = await timedGet(url, headers);
    const rate = 300 / (bytes / 1024); // ≈ 300 ms for this page
    sb.setFaults({ latencyPerKbMs: rate });
    try {
      const slow = await timedGet(url, headers);
      expect(slow.status).toBe(200);
      expect(slow.bytes).toBe(bytes);
      expect(slow.ms).toBeGreaterThanOrEqual(payloadDelayMs(bytes, rate) - 1);
    } finally {
      sb.setFaults({});
    }
  });

  it('the control plane is not slowed (its answer arrives although the rate would hold it for minutes)', async () => {
    sb.setFaults({ latencyPerKbMs: 1_000_000 });
    try {
      const res = await fetch(`${sb.url}/__sandbox/faults`);
      expect(await res.json()).toEqual({ latencyPerKbMs: 1_000_000 });
    } finally {
      sb.setFaults({});
    }
  });
});
