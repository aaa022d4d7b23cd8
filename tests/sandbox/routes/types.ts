import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteScope } from '../auth';
import type { SandboxStore } from '../store';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One BigCommerce endpoint: url is relative to /stores/{hash}/v3 or /v2. */
export interface RouteDef {
  method: Method;
  url: string;
  scope: RouteScope;
  handler: (req: FastifyRequest, reply: FastifyReply) => unknown;
}

export interface RouteEnv {
  /** Every resource of the store: catalog, channels, sites, carts, checkouts, orders, customers, ... */
  store: SandboxStore;
}

/** Numeric path parameter; a non-numeric id cannot exist, so it is a 404 like any unknown id. */
export function idParam(req: FastifyRequest, name: string): number {
  const raw = (req.params as Record<string, string>)[name];
  return /^\d+$/.test(raw) ? Number(raw) : -1;
}
