import { errors } from '@strapi/utils';

import { BigCommerceApiError, type BigCommerceErrorInit } from '../../server/src/bigcommerce/errors';
import routes from '../../server/src/routes';
import { upstreamError, upstreamErrors, upstreamErrorsResolver } from '../../server/src/utils/errors';

const failure = (init: Partial<BigCommerceErrorInit> & { message?: string } = {}) =>
  new BigCommerceApiError(init.message ?? 'BigCommerce answered an error', { kind: 'http', attempts: 2, ...init });

const statusOf = (error: unknown): number | undefined => {
  if (error instanceof errors.NotFoundError) return 404;
  if (error instanceof errors.ApplicationError) return 400;
  return (error as { status?: number }).status;
};

describe('the one BigCommerce-error mapping', () => {
  it.each([
    ['a configuration error', 400, { kind: 'configuration' as const }],
    ['401', 400, { status: 401 }],
    ['403', 400, { status: 403 }],
    ['404', 404, { status: 404, title: 'Cart not found' }],
    ['409', 400, { status: 409 }],
    ['422', 400, { status: 422, errors: { 'address.email': 'is invalid' } }],
    ['429 after the retries', 503, { status: 429 }],
    ['500', 502, { status: 500 }],
    ['502', 502, { status: 502 }],
    ['503', 503, { status: 503 }],
    ['a timeout', 503, { kind: 'timeout' as const }],
    ['a network error', 502, { kind: 'network' as const }],
    ['an unreadable answer', 502, { kind: 'invalid_response' as const }],
  ])('maps %s to %i', (_label, status, init) => {
    expect(statusOf(upstreamError(failure(init)))).toBe(status);
  });

  it("keeps BigCommerce's reasons: the 404's title, the 422's field errors, the outage's status and attempts", () => {
    expect((upstreamError(failure({ status: 404, title: 'Cart not found' })) as Error).message).toBe('BigCommerce: Cart not found');
    const invalid = upstreamError(failure({ status: 422, title: 'Input is invalid', errors: { 'address.email': 'must be an email' } })) as InstanceType<
      typeof errors.ApplicationError
    >;
    expect(invalid.message).toBe('BigCommerce rejected the request: Input is invalid must be an email');
    expect(invalid.details).toEqual({ upstreamStatus: 422, errors: { 'address.email': 'must be an email' } });
    const down = upstreamError(failure({ status: 500 })) as Error & { details: unknown };
    expect(down.message).toBe('BigCommerce failed to answer (500) after 2 attempt(s)');
    expect(down.details).toEqual({ upstreamStatus: 500, attempts: 2 });
  });

  it('keeps details a service attached on the way out, after its own', () => {
    const error = Object.assign(failure({ status: 422, title: 'Refused' }), { details: { applied: [{ field: 'status' }] } });
    expect((upstreamError(error) as { details: unknown }).details).toEqual({ upstreamStatus: 422, errors: undefined, applied: [{ field: 'status' }] });
  });

  it('leaves any other error as it is', () => {
    const own = new errors.NotFoundError('There is no cart: create one first');
    expect(upstreamError(own)).toBe(own);
    expect(upstreamError('text')).toBe('text');
  });

  it('is applied by the REST and GraphQL boundaries alike', async () => {
    const outage = failure({ status: 503 });
    await expect(upstreamErrors({}, () => Promise.reject(outage))).rejects.toMatchObject({ status: 503 });
    await expect(upstreamErrorsResolver(() => Promise.reject(outage), null, {}, {}, {})).rejects.toMatchObject({ status: 503 });
    await expect(upstreamErrors({}, () => Promise.resolve('body'))).resolves.toBe('body');
  });
});

describe('the REST boundary', () => {
  it.each(Object.entries(routes))('is on every %s route, outermost of its middlewares', (_type, router) => {
    expect(router.routes.length).toBeGreaterThan(0);
    const missing = router.routes.filter((route) => route.config?.middlewares?.[0] !== upstreamErrors).map((route) => `${route.method} ${route.path}`);
    expect(missing).toEqual([]);
  });
});
