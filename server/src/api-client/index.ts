/**
 * The typed client of the plugin's public REST API (`strapi-plugin-bigcommerce/client`), for storefronts in
 * browsers and in Node ≥ 20. It holds no route of its own: its methods are made at runtime from the route
 * tables of operations/routes.ts, and its input and answer types are those of the operation tables
 * (`z.input` of each input schema, each `toRest`'s answer). Everything but routes.ts is imported as types
 * only, so the built client loads no Strapi, zod or service: it needs only `fetch`.
 */
import type { z } from 'zod';

import type { CATALOG_OPERATIONS } from '../operations/catalog';
import type { Operation } from '../operations/define';
import { CART_HEADER, CATALOG_ROUTES, CUSTOMER_HEADER, STOREFRONT_ROUTES, type RestRoute } from '../operations/routes';
import type { STOREFRONT_OPERATIONS } from '../operations/storefront';
import type { CategoryNode, Pagination } from '../services/catalog-read';
import type {
  brandListSchema,
  categoryTreeSchema,
  PricingLabel,
  PricingMeta,
  productListSchema,
  productOneSchema,
  productSlugSchema,
} from '../validation/catalog';

/** Strapi's error envelope's `error`: `{ data: null, error: { status, name, message, details } }`. */
export interface ApiErrorBody {
  status: number;
  name: string;
  message: string;
  details?: unknown;
}

/** A refused or failed call, from Strapi's error envelope (or the bare HTTP status when there is none). */
export class BigCommerceApiError extends Error implements ApiErrorBody {
  readonly status: number;
  override readonly name: string;
  readonly details: unknown;
  /** Seconds to wait before trying again: a 429's Retry-After. */
  readonly retryAfter?: number;

  constructor(error: ApiErrorBody, retryAfter?: number) {
    super(error.message);
    this.status = error.status;
    this.name = error.name;
    this.details = error.details ?? {};
    this.retryAfter = retryAfter;
  }
}

/** The shopper's tokens in header mode: `x-bigcommerce-session` (signed-in customer) and `x-bigcommerce-cart`. */
export interface ShopperTokens {
  session?: string;
  cart?: string;
}

export interface ClientOptions {
  /** Strapi's origin, e.g. `https://cms.example.com`. */
  baseUrl: string;
  /** Where the plugin's content API is mounted (default `/api/bigcommerce`). */
  prefix?: string;
  /**
   * `cookie` (default, browsers on Strapi's site or with CORS credentials): the plugin's httpOnly cookies,
   * sent with `credentials: 'include'`. `header`: the tokens of the answers (`meta.session`,
   * `meta.cartToken`) are kept and sent back in headers, for apps and server-side rendering.
   */
  mode?: 'cookie' | 'header';
  /** Header mode: the tokens to start with (from your own storage). */
  tokens?: ShopperTokens;
  /** Header mode: called whenever the tokens change, to store them. */
  onTokens?: (tokens: ShopperTokens) => void;
  /** Headers of every call, e.g. `Authorization: Bearer <API token>`. */
  headers?: Record<string, string>;
  /** Another `fetch` (default: the global one). */
  fetch?: typeof fetch;
}

export interface CallOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

/** A query string's value may be given as what it means (a number, a flag) rather than as its text. */
type Query<T> = { [K in keyof T]: T[K] extends string | undefined ? T[K] | number | boolean : T[K] };

type InputOf<O> = O extends Operation<infer S, infer _R, infer _A> ? ([S] extends [z.ZodType] ? z.input<S> : undefined) : never;
type AnswerOf<O> = O extends Operation<infer _S, infer _R, infer A> ? A : never;

/** A method of the client: no input where the operation has none, optional input where every field is. */
type Method<In, Answer> = [In] extends [undefined]
  ? (input?: undefined, options?: CallOptions) => Promise<Answer>
  : object extends In
    ? (input?: In, options?: CallOptions) => Promise<Answer>
    : (input: In, options?: CallOptions) => Promise<Answer>;

type Storefront = typeof STOREFRONT_OPERATIONS;

/** The shopper operations' inputs (camelCase, as the routes take them), by operation name. */
export type StorefrontInput<K extends keyof Storefront> = K extends 'orders' ? Query<InputOf<Storefront[K]>> : InputOf<Storefront[K]>;
/** The shopper operations' REST answers (`{ data, meta }`), by operation name. */
export type StorefrontAnswer<K extends keyof Storefront> = AnswerOf<Storefront[K]>;

/** A catalog entry as the REST API serves it (Strapi's fields, plus live price and stock when asked). */
export type CatalogEntry = Record<string, unknown>;
/** A product: with `pricing` when its prices are the shopper's own (signed in, or a `currency` asked for). */
export type CatalogProduct = CatalogEntry & { pricing?: PricingLabel };
export type { PricingLabel, PricingMeta };
interface Live {
  live?: { error: string | null };
}
/** `meta.pricing` when the prices are the shopper's own. */
interface Priced {
  pricing?: PricingMeta;
}

export interface CatalogInputs {
  findProducts: Query<z.input<typeof productListSchema>>;
  findProduct: z.input<typeof productSlugSchema> & Query<z.input<typeof productOneSchema>>;
  findCategories: Query<z.input<typeof categoryTreeSchema>>;
  findBrands: Query<z.input<typeof brandListSchema>>;
}

export interface CatalogAnswers {
  findProducts: { data: CatalogProduct[]; meta: { pagination: Pagination } & Live & Priced };
  findProduct: { data: CatalogProduct; meta: Live & Priced };
  findCategories: { data: CategoryNode[]; meta: Record<string, never> };
  findBrands: { data: CatalogEntry[]; meta: { pagination: Pagination } };
}

export type StorefrontMethods = { [K in keyof Storefront]: Method<StorefrontInput<K>, StorefrontAnswer<K>> };
export type CatalogMethods = { [K in keyof typeof CATALOG_OPERATIONS]: Method<CatalogInputs[K], CatalogAnswers[K]> };

export interface BigCommerceClient extends StorefrontMethods, CatalogMethods {
  /** Header mode: the tokens held now. */
  getTokens(): ShopperTokens;
  /** Header mode: replaces the tokens held (e.g. `{}` to forget the shopper). */
  setTokens(tokens: ShopperTokens): void;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `a[b]=c` for nested objects, as Strapi's query parser reads them (the order history's `pagination[page]`). */
const appendQuery = (params: URLSearchParams, key: string, value: unknown): void => {
  if (value === undefined || value === null) return;
  if (isRecord(value)) for (const [name, inner] of Object.entries(value)) appendQuery(params, `${key}[${name}]`, inner);
  else params.append(key, String(value));
};

/** Seconds from a Retry-After header: a number of seconds or an HTTP date. */
const retryAfterOf = (header: string | null): number | undefined => {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
};

const errorOf = (response: Response, body: unknown): BigCommerceApiError => {
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  const retryAfter = response.status === 429 ? retryAfterOf(response.headers.get('retry-after')) : undefined;
  if (error && typeof error.message === 'string')
    return new BigCommerceApiError(
      { status: Number(error.status) || response.status, name: String(error.name ?? 'ApplicationError'), message: error.message, details: error.details },
      retryAfter
    );
  return new BigCommerceApiError({ status: response.status, name: 'HttpError', message: response.statusText || `HTTP ${response.status}` }, retryAfter);
};

/** Creates a client of the plugin's REST API at `options.baseUrl`. */
export const createBigCommerceClient = (options: ClientOptions): BigCommerceClient => {
  const base = options.baseUrl.replace(/\/+$/, '') + (options.prefix ?? '/api/bigcommerce');
  const headerMode = options.mode === 'header';
  let tokens: ShopperTokens = { ...options.tokens };
  const keep = (next: ShopperTokens) => {
    if (next.session === tokens.session && next.cart === tokens.cart) return;
    tokens = next;
    options.onTokens?.({ ...tokens });
  };

  const call = async (name: string, route: RestRoute, input: unknown, call: CallOptions = {}): Promise<unknown> => {
    const fields: Record<string, unknown> = isRecord(input) ? { ...input } : {};
    // Path parameters come out of the input; what is left is the query (GET) or the body.
    const path = route.path.replace(/:(\w+)/g, (_match, param: string) => {
      const value = fields[param];
      delete fields[param];
      if (value === undefined || value === null || value === '') throw new TypeError(`${name}: "${param}" is required`);
      return encodeURIComponent(String(value));
    });
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers, ...call.headers };
    if (headerMode) {
      if (tokens.session) headers[CUSTOMER_HEADER] = tokens.session;
      if (tokens.cart) headers[CART_HEADER] = tokens.cart;
    }
    let url = base + path;
    let body: string | undefined;
    if (route.method === 'GET') {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(fields)) appendQuery(params, key, value);
      const query = params.toString();
      if (query) url += `?${query}`;
    } else {
      const sent = route.body ? fields[route.body] : fields;
      if (route.body || Object.keys(fields).length > 0 || route.method !== 'DELETE') {
        body = JSON.stringify(sent ?? {});
        headers['content-type'] = 'application/json';
      }
    }

    const response = await (options.fetch ?? fetch)(url, {
      method: route.method,
      headers,
      body,
      signal: call.signal,
      credentials: headerMode ? 'omit' : 'include',
    });
    const text = await response.text();
    let answer: unknown = undefined;
    try {
      answer = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (a proxy's error page): the status says what happened.
    }
    if (!response.ok) throw errorOf(response, answer);

    if (headerMode) {
      const meta = isRecord(answer) && isRecord(answer.meta) ? answer.meta : {};
      const next = { ...tokens };
      if (typeof meta.session === 'string') next.session = meta.session;
      if (typeof meta.cartToken === 'string') next.cart = meta.cartToken;
      // Signing out and deleting the cart clear the cookies: forget the same tokens.
      if (name === 'logout') keep({});
      else if (name === 'deleteCart') keep({ session: next.session });
      else keep(next);
    }
    return answer;
  };

  const methodsOf = (routes: Record<string, RestRoute>) =>
    Object.fromEntries(Object.entries(routes).map(([name, route]) => [name, (input?: unknown, options?: CallOptions) => call(name, route, input, options)]));

  return {
    ...(methodsOf(CATALOG_ROUTES) as unknown as CatalogMethods),
    ...(methodsOf(STOREFRONT_ROUTES) as unknown as StorefrontMethods),
    getTokens: () => ({ ...tokens }),
    setTokens: (next: ShopperTokens) => keep({ ...next }),
  };
};
