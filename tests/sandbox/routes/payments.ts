// Payments: v3 access tokens (PAT) and accepted methods on the API host, and the payment
// processing endpoint of the payments host (`POST /stores/{hash}/payments`, registered by the
// server outside /v3 because it authenticates with `Authorization: PAT …`, not X-Auth-Token).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SCOPES } from '../auth';
import { int, queryOf, single, str } from '../http';
import type { SandboxStore } from '../store';
import type { RouteDef, RouteEnv } from './types';

export function paymentRoutes({ store }: RouteEnv): RouteDef[] {
  return [
    {
      method: 'POST',
      url: '/payments/access_tokens',
      scope: SCOPES.paymentsCreate,
      handler: (req, reply) => reply.code(201).send(single({ id: store.payments.createPaymentAccessToken(req.body) })),
    },
    {
      method: 'GET',
      url: '/payments/methods',
      scope: SCOPES.paymentMethods,
      handler: (req) => {
        const q = queryOf(req);
        return single(store.payments.paymentMethods(int(q, 'order_id'), str(q, 'checkout_id')));
      },
    },
  ];
}

/** Handler of POST https://payments.bigcommerce.com/stores/{hash}/payments. */
export function processPaymentHandler(store: SandboxStore) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const h = req.headers;
    const result = store.payments.processPayment({ authorization: h.authorization, accept: h.accept }, req.body);
    return reply.code(201).send({ data: result });
  };
}
