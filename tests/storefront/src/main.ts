/**
 * The reference storefront: a shop on the plugin's public REST API through its typed client
 * (`strapi-plugin-bigcommerce/client`, imported from source for the bundle) in cookie mode — it is served
 * by the host app itself, so the plugin's httpOnly cookies carry the cart and the sign-in. Hash routes:
 * `#/` (listing, with `?category=&brand=&q=`), `#/product/<slug>`, `#/account`, `#/checkout`
 * (`#/checkout/embedded` opens BigCommerce's embedded checkout, and resumes it after the SDK's
 * cookie round trip).
 */
import { BigCommerceApiError, createBigCommerceClient, type CatalogEntry, type StorefrontAnswer } from '../../../server/src/api-client';
import { renderCheckout, type Shop } from './checkout';
import { blocksText, field, formValues, h, money, mount, paragraphsOf } from './dom';

const api = createBigCommerceClient({ baseUrl: window.location.origin });

export type Cart = NonNullable<StorefrontAnswer<'getCart'>['data']>;
export type Customer = StorefrontAnswer<'me'>['data'];

const state: { cart: Cart | null; customer: Customer | null } = { cart: null, customer: null };

const main = document.getElementById('main') as HTMLElement;
const drawer = document.getElementById('cart-drawer') as HTMLElement;
const cartButton = document.getElementById('cart-button') as HTMLButtonElement;
const accountLink = document.getElementById('account-link') as HTMLAnchorElement;
const notice = document.getElementById('notice') as HTMLElement;

const message = (text: string, kind: 'info' | 'error' = 'info'): void => {
  notice.textContent = text;
  notice.dataset.kind = kind;
};
const errorText = (error: unknown): string => (error instanceof BigCommerceApiError ? `${error.message} (${error.status})` : String(error));

const cartItems = (cart: Cart | null) => (cart ? [...cart.line_items.physical_items, ...cart.line_items.digital_items] : []);
const currencyOf = (cart: Cart | null): string => cart?.currency.code ?? 'USD';

// ------------------------------------------------------------------ cart drawer

const setCart = (cart: Cart | null): void => {
  state.cart = cart;
  const count = cartItems(cart).reduce((sum, item) => sum + item.quantity, 0);
  cartButton.textContent = `Cart (${count})`;
  renderDrawer();
};

const loadCart = async (): Promise<void> => {
  try {
    setCart((await api.getCart()).data ?? null);
  } catch (error) {
    if (error instanceof BigCommerceApiError && error.status === 404) setCart(null);
    else throw error;
  }
};

const openDrawer = (open: boolean) => {
  drawer.hidden = !open;
  cartButton.setAttribute('aria-expanded', String(open));
};

const renderDrawer = (): void => {
  const cart = state.cart;
  const items = cartItems(cart);
  const currency = currencyOf(cart);
  const row = (item: (typeof items)[number]) => {
    const quantity = h('input', { type: 'number', min: 1, max: 1000, value: String(item.quantity), 'aria-label': `Quantity of ${item.name}` });
    const change = async (run: () => Promise<{ data: Cart | null }>) => {
      try {
        setCart((await run()).data ?? null);
      } catch (error) {
        message(errorText(error), 'error');
      }
    };
    return h(
      'li',
      { 'data-item-id': item.id },
      h('div', { className: 'item-name' }, item.name),
      h('div', { className: 'muted' }, [`SKU ${item.sku}`, ...(item.options ?? []).map((option) => `${option.name}: ${option.value}`)].join(', ')),
      h(
        'div',
        { className: 'row' },
        quantity,
        h('button', { type: 'button', onclick: () => change(() => api.updateCartItem({ itemId: item.id, quantity: Number(quantity.value) })) }, 'Update'),
        h('button', { type: 'button', onclick: () => change(() => api.removeCartItem({ itemId: item.id })) }, 'Remove'),
        h('span', { className: 'price' }, money(item.extended_sale_price, currency))
      )
    );
  };
  mount(
    drawer,
    h('header', { className: 'row' }, h('h2', {}, 'Your cart'), h('button', { type: 'button', onclick: () => openDrawer(false) }, 'Close')),
    items.length ? h('ul', { className: 'cart-items' }, ...items.map(row)) : h('p', { className: 'muted' }, 'Your cart is empty.'),
    items.length ? h('p', { className: 'total' }, 'Subtotal: ', h('strong', { id: 'cart-total' }, money(cart?.cart_amount, currency))) : null,
    items.length ? h('a', { href: '#/checkout', className: 'button', onclick: () => openDrawer(false) }, 'Checkout') : null
  );
};

cartButton.addEventListener('click', () => openDrawer(drawer.hidden));

// ------------------------------------------------------------------ listing

const routeQuery = (): URLSearchParams => new URLSearchParams(window.location.hash.split('?')[1] ?? '');

const renderListing = async (): Promise<void> => {
  const query = routeQuery();
  const [categories, brands, products] = await Promise.all([
    api.findCategories(),
    api.findBrands({ pageSize: 100 }),
    api.findProducts({
      category: query.get('category') ?? undefined,
      brand: query.get('brand') ?? undefined,
      q: query.get('q') ?? undefined,
      pageSize: 24,
    }),
  ]);
  type Category = (typeof categories.data)[number];
  const flatten = (nodes: Category[], depth = 0): { slug: string; label: string }[] =>
    nodes.flatMap((node) => [{ slug: String(node.slug), label: `${'— '.repeat(depth)}${String(node.name)}` }, ...flatten(node.children, depth + 1)]);
  const go = (form: HTMLFormElement) => {
    const values = new URLSearchParams(formValues(form));
    window.location.hash = `#/?${values.toString()}`;
  };
  const select = (name: string, label: string, options: { slug: string; label: string }[]) =>
    h(
      'label',
      {},
      h('span', {}, label),
      h(
        'select',
        { name, onchange: (event: Event) => go((event.target as HTMLSelectElement).form!) },
        h('option', { value: '' }, `All ${label.toLowerCase()}`),
        ...options.map((option) => h('option', { value: option.slug, selected: option.slug === query.get(name) }, option.label))
      )
    );
  const filters = h(
    'form',
    {
      id: 'filters',
      role: 'search',
      onsubmit: (event: Event) => {
        event.preventDefault();
        go(event.target as HTMLFormElement);
      },
    },
    select('category', 'Categories', flatten(categories.data)),
    select(
      'brand',
      'Brands',
      brands.data.map((brand) => ({ slug: String(brand.slug), label: String(brand.name) }))
    ),
    field('Search', 'q', { type: 'search', value: query.get('q') ?? '', placeholder: 'Search products' }),
    h('button', { type: 'submit' }, 'Search')
  );
  const card = (product: CatalogEntry) =>
    h(
      'a',
      { className: 'card', href: `#/product/${encodeURIComponent(String(product.slug))}`, 'data-slug': String(product.slug) },
      product.thumbnailUrl ? h('img', { src: String(product.thumbnailUrl), alt: '', loading: 'lazy' }) : h('div', { className: 'img-placeholder' }),
      h('span', { className: 'card-name' }, String(product.name)),
      h('span', { className: 'price' }, money(product.calculatedPrice ?? product.price))
    );
  mount(
    main,
    h('h1', {}, 'Shop'),
    filters,
    h('p', { id: 'result-count', className: 'muted' }, `${products.meta.pagination.total} products`),
    h('div', { id: 'products', className: 'grid' }, ...products.data.map(card))
  );
};

// ------------------------------------------------------------------ product page

interface Variant {
  id: number;
  sku: string;
  calculatedPrice: number | null;
  price: number | null;
  inventoryLevel: number;
  purchasingDisabled: boolean;
  optionValues: { option: string; label: string }[];
}

const renderProduct = async (slug: string): Promise<void> => {
  // `live`: price and stock as BigCommerce has them now, not as last synced.
  const { data: product, meta } = await api.findProduct({ slug, live: true });
  const variants = (Array.isArray(product.variants) ? product.variants : []) as Variant[];
  const tracking = String(product.inventoryTracking);
  const picker = h(
    'select',
    { name: 'variant', 'aria-label': 'Variant' },
    ...variants.map((variant) =>
      h('option', { value: String(variant.id) }, variant.optionValues.map((value) => `${value.option}: ${value.label}`).join(', ') || variant.sku)
    )
  );
  const price = h('p', { id: 'price', className: 'price big' });
  const stock = h('p', { id: 'stock' });
  const quantity = h('input', { type: 'number', name: 'quantity', min: 1, max: 1000, value: '1', 'aria-label': 'Quantity' });
  const add = h('button', { type: 'submit', id: 'add-to-cart' }, 'Add to cart');
  const chosen = (): Variant | undefined => variants.find((variant) => String(variant.id) === picker.value);
  const show = () => {
    const variant = chosen();
    price.textContent = money(variant?.calculatedPrice ?? variant?.price ?? product.calculatedPrice ?? product.price);
    const level = tracking === 'variant' ? variant?.inventoryLevel : tracking === 'product' ? Number(product.inventoryLevel) : undefined;
    const buyable = !variant?.purchasingDisabled && (level === undefined || level > 0);
    stock.textContent = !buyable ? 'Out of stock' : level === undefined ? 'In stock' : `${level} in stock`;
    add.disabled = !buyable;
  };
  picker.addEventListener('change', show);
  const form = h(
    'form',
    {
      id: 'add-form',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const item = { productId: Number(product.bigcommerceId), variantId: chosen()?.id, quantity: Number(quantity.value) };
        try {
          const answer = state.cart ? await api.addCartItems({ lineItems: [item] }) : await api.createCart({ lineItems: [item] });
          setCart(answer.data ?? null);
          openDrawer(true);
          message(`Added ${String(product.name)} to the cart`);
        } catch (error) {
          message(errorText(error), 'error');
        }
      },
    },
    variants.length > 1 ? h('label', {}, h('span', {}, 'Variant'), picker) : null,
    h('label', {}, h('span', {}, 'Quantity'), quantity),
    add
  );
  const images = Array.isArray(product.images) ? (product.images as { urlStandard?: string; url?: string }[]) : [];
  const live = (product.live as { source?: string } | undefined)?.source ?? 'synced';
  mount(
    main,
    h('p', {}, h('a', { href: '#/' }, '← Back to the shop')),
    h(
      'article',
      { className: 'product' },
      images[0] ? h('img', { src: images[0].urlStandard ?? images[0].url, alt: String(product.name) }) : h('div', { className: 'img-placeholder' }),
      h(
        'div',
        {},
        h('h1', {}, String(product.name)),
        h('p', { className: 'muted' }, `SKU ${String(product.sku)}`),
        price,
        stock,
        h('p', { className: 'muted', id: 'live-source' }, `Price and stock: ${live}${meta.live?.error ? ` (${meta.live.error})` : ''}`),
        form,
        ...paragraphsOf(product.description).map((paragraph) => h('p', {}, paragraph)),
        // The editorial content, written in Strapi by the site's editors.
        h('section', { id: 'editorial' }, ...blocksText(product.content).map((paragraph) => h('p', {}, paragraph)))
      )
    )
  );
  document.title = String(product.seoTitle || product.name);
  show();
};

// ------------------------------------------------------------------ account

const renderAccount = (): void => {
  if (state.customer) {
    const customer = state.customer;
    mount(
      main,
      h('h1', {}, 'Your account'),
      h('p', { id: 'signed-in' }, `Signed in as ${customer.firstName} ${customer.lastName} (${customer.email})`),
      h(
        'button',
        {
          type: 'button',
          id: 'sign-out',
          onclick: async () => {
            await api.logout();
            state.customer = null;
            renderHeader();
            await loadCart();
            message('Signed out');
            renderAccount();
          },
        },
        'Sign out'
      )
    );
    return;
  }
  const signIn = async (email: string, password: string) => {
    await api.login({ email, password });
    const customer = (await api.me()).data;
    state.customer = customer;
    renderHeader();
    // The plugin carries a guest cart over to the customer on sign-in.
    await loadCart();
    message(`Signed in as ${customer.email}`);
    renderAccount();
  };
  const submit = (run: (values: Record<string, string>) => Promise<void>) => async (event: Event) => {
    event.preventDefault();
    try {
      await run(formValues(event.target as HTMLFormElement));
    } catch (error) {
      message(errorText(error), 'error');
    }
  };
  mount(
    main,
    h('h1', {}, 'Sign in or register'),
    h(
      'div',
      { className: 'columns' },
      h(
        'form',
        { id: 'login-form', onsubmit: submit((values) => signIn(values.email, values.password)) },
        h('h2', {}, 'Sign in'),
        field('Email', 'email', { type: 'email', required: true, autocomplete: 'email' }),
        field('Password', 'password', { type: 'password', required: true, autocomplete: 'current-password' }),
        h('button', { type: 'submit' }, 'Sign in')
      ),
      h(
        'form',
        {
          id: 'register-form',
          onsubmit: submit(async (values) => {
            await api.register({ email: values.email, password: values.password, firstName: values.firstName, lastName: values.lastName });
            await signIn(values.email, values.password);
          }),
        },
        h('h2', {}, 'Register'),
        field('First name', 'firstName', { required: true }),
        field('Last name', 'lastName', { required: true }),
        field('Email', 'email', { type: 'email', required: true }),
        field('Password', 'password', { type: 'password', required: true, autocomplete: 'new-password' }),
        h('button', { type: 'submit' }, 'Register')
      )
    )
  );
};

const renderHeader = (): void => {
  accountLink.textContent = state.customer ? `${state.customer.firstName}’s account` : 'Sign in';
};

// ------------------------------------------------------------------ router

const shop: Shop = { api, state, message, errorText, currencyOf };

const SHOP_TITLE = document.title;

const route = async (): Promise<void> => {
  const [path] = window.location.hash.replace(/^#/, '').split('?');
  document.title = SHOP_TITLE; // a product page names itself
  main.setAttribute('aria-busy', 'true');
  try {
    if (path.startsWith('/product/')) await renderProduct(decodeURIComponent(path.slice('/product/'.length)));
    else if (path === '/account') renderAccount();
    else if (path === '/checkout' || path === '/checkout/embedded') await renderCheckout(main, shop, path === '/checkout/embedded');
    else await renderListing();
  } catch (error) {
    mount(main, h('h1', {}, 'Something went wrong'), h('p', { role: 'alert' }, errorText(error)));
  } finally {
    main.removeAttribute('aria-busy');
  }
};

const start = async (): Promise<void> => {
  try {
    state.customer = (await api.me()).data;
  } catch {
    state.customer = null; // 401: a guest
  }
  renderHeader();
  await loadCart().catch((error: unknown) => message(errorText(error), 'error'));
  window.addEventListener('hashchange', () => void route());
  // In Strapi's Preview (the admin frames this page), a saved edit posts `strapiUpdate`: show the new content.
  window.addEventListener('message', (event: MessageEvent<{ type?: string }>) => {
    if (event.origin === window.location.origin && event.data?.type === 'strapiUpdate') void route();
  });
  await route();
  document.body.dataset.ready = 'true';
};

void start();
