import config from '../../server/src/config';

const env = (vars: Record<string, string>) => (key: string, fallback?: string) => vars[key] ?? fallback;

describe('plugin config from the environment', () => {
  it('reads BIGCOMMERCE_WEBHOOK_URL and BIGCOMMERCE_NODE_ID, as the README documents', () => {
    const fromEnv = config.default({
      env: env({ BIGCOMMERCE_WEBHOOK_URL: 'https://cms.example.com/api/bigcommerce/webhooks', BIGCOMMERCE_NODE_ID: 'web-1' }),
    });
    expect(fromEnv.webhookUrl).toBe('https://cms.example.com/api/bigcommerce/webhooks');
    expect(fromEnv.nodeId).toBe('web-1');
    expect(() => config.validator(fromEnv)).not.toThrow();
  });

  it('waits out rate limits for minutes and holds webhook claims for seconds by default', () => {
    const defaults = config.default({ env: env({}) });
    expect(defaults.webhookUrl).toBe('');
    expect(defaults.rateLimitMaxWaitMs).toBeGreaterThanOrEqual(120_000);
    expect(defaults.webhookClaimLeaseMs).toBeLessThanOrEqual(15_000);
  });
});
