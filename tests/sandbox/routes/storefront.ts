// The storefront origin the sandbox serves at its own URL (no X-Auth-Token, no quota, not counted):
//
//   GET /login/token/{jwt}   Customer Login: 302 to redirect_to with a SHOP_SESSION_TOKEN cookie, or,
//                            on any failure, 302 to /login.php?error=invalid_login (what BigCommerce
//                            does: a sign-in error on the login page); the reason is in the
//                            X-Sandbox-Login-Error header and in sb.logins() / GET /__sandbox/logins.
//   GET /login.php           sign-in page (?action=logout ends the session)
//   GET /account.php         the signed-in customer's page (302 to /login.php without a session)
//   GET /cart.php            ?action=load|loadInCheckout[&embedded=1]&id=&token=: spends a
//                            redirect-URL token (single use) and shows the cart or checkout; a
//                            used or unknown token lands on the empty cart page; the embedded
//                            checkout (embedded=1) lists the cart and tells its parent window it
//                            loaded, as checkout-sdk's embedCheckout waits for
//   GET /embedded-checkout/allow-cookie   ?returnUrl=: where embedCheckout sends the top window once,
//                            to let the checkout set its cookies; straight back to returnUrl
//   GET /checkout, GET /     minimal pages
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Runtime } from '../runtime';

const SESSION_COOKIE = 'SHOP_SESSION_TOKEN';
const CART_COOKIE = 'SHOP_CART_ID';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(reply: FastifyReply, title: string, body: string, status = 200): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .send(
      `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)} | Sandbox Store</title></head><body><h1>${esc(title)}</h1>${body}</body></html>`
    );
}

function cookies(req: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

/** BigCommerce's storefront cookies work inside a cross-site checkout iframe: SameSite=None; Secure. */
const cookie = (name: string, value: string, maxAge?: number): string =>
  `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; Secure; SameSite=None${maxAge !== undefined ? `; Max-Age=${maxAge}` : ''}`;

/**
 * What checkout-sdk's createEmbeddedCheckoutMessenger posts from BigCommerce's checkout page: FRAME_LOADED
 * (embedCheckout resolves on it, from the checkout's origin, or rejects after its timeout), then
 * CHECKOUT_LOADED (the embedder's onLoad). The parent's origin is unknown here (no referrer): '*'.
 */
const EMBEDDED_MESSENGER = `<script>
if (window.parent !== window) {
  window.parent.postMessage({ type: 'FRAME_LOADED' }, '*');
  window.parent.postMessage({ type: 'CHECKOUT_LOADED' }, '*');
}
</script>`;

export function storefrontRoutes(app: FastifyInstance, rt: Runtime): void {
  const { store } = rt;

  app.get('/login/token/:jwt', async (req, reply) => {
    const jwt = (req.params as Record<string, string>).jwt;
    const result = store.logins.loginWithToken(jwt, req.ip);
    reply.header('cache-control', 'no-store');
    if (!result.ok) return reply.header('x-sandbox-login-error', result.reason).redirect('/login.php?error=invalid_login', 302);
    return reply.header('set-cookie', cookie(SESSION_COOKIE, result.session.token)).redirect(result.location, 302);
  });

  app.get('/login.php', async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    if (q.action === 'logout') {
      const token = cookies(req)[SESSION_COOKIE];
      if (token) store.logins.sessions.delete(token);
      return reply.header('set-cookie', cookie(SESSION_COOKIE, '', 0)).redirect('/', 302);
    }
    const error = q.error ? '<p role="alert">Your sign-in attempt was not successful. Please try again.</p>' : '';
    return page(reply, 'Sign in', error);
  });

  app.get('/account.php', async (req, reply) => {
    const session = store.logins.sessions.get(cookies(req)[SESSION_COOKIE] ?? '');
    const customer = session ? store.customers.customers.get(session.customer_id) : undefined;
    if (!session || !customer) return reply.redirect('/login.php', 302);
    return page(
      reply,
      'Your account',
      `<p data-customer-id="${customer.id}" data-channel-id="${session.channel_id}">Signed in as ${esc(customer.first_name)} ${esc(customer.last_name)} (${esc(customer.email)}).</p>`
    );
  });

  app.get('/cart.php', async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    if (q.action === 'load' || q.action === 'loadInCheckout') {
      const cart = q.id && q.token ? store.carts.useRedirectToken(q.id, q.token) : undefined;
      if (!cart) return reply.redirect('/cart.php', 302);
      reply.header('set-cookie', cookie(CART_COOKIE, cart.id));
      const checkout = q.action === 'loadInCheckout';
      const priced = store.carts.price(cart);
      const total = `<p data-cart-id="${esc(cart.id)}">Cart total: ${priced.cart_amount.toFixed(2)} ${esc(cart.currency)}</p>`;
      if (checkout && q.embedded === '1') {
        const items = [...priced.physical, ...priced.digital]
          .map((p) => `<li>${p.item.quantity} × ${esc(p.name)} (${esc(p.sku)}): ${p.extended_sale_price.toFixed(2)}</li>`)
          .join('');
        return page(reply, 'Embedded checkout', `<ul id="checkout-items">${items}</ul>${total}${EMBEDDED_MESSENGER}`);
      }
      return page(reply, checkout ? 'Checkout' : 'Your cart', total);
    }
    const cart = store.carts.carts.get(cookies(req)[CART_COOKIE] ?? '');
    if (!cart) return page(reply, 'Your cart', '<p>Your cart is empty.</p>');
    return page(
      reply,
      'Your cart',
      `<p data-cart-id="${esc(cart.id)}">Cart total: ${store.carts.price(cart).cart_amount.toFixed(2)} ${esc(cart.currency)}</p>`
    );
  });

  // BigCommerce's page stores that the shopper allowed its cookies, then returns; the sandbox needs none.
  app.get('/embedded-checkout/allow-cookie', async (req, reply) => {
    const back = (req.query as Record<string, string | undefined>).returnUrl;
    if (!back || !/^https?:\/\//.test(back)) return page(reply, 'Embedded checkout', '<p>returnUrl is required.</p>', 400);
    return reply.redirect(back, 302);
  });

  app.get('/checkout', async (req, reply) => {
    const cart = store.carts.carts.get(cookies(req)[CART_COOKIE] ?? '');
    return page(reply, 'Checkout', cart ? `<p data-cart-id="${esc(cart.id)}">Checking out cart ${esc(cart.id)}.</p>` : '<p>Your cart is empty.</p>');
  });

  app.get('/', async (_req, reply) => page(reply, 'Sandbox Store', '<p>The storefront of the BigCommerce sandbox store.</p>'));
}
