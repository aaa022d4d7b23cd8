/**
 * The checkout page: billing address, shipping address (a consignment; changing it moves the consignment
 * and brings new shipping options), a shipping option, then payment on BigCommerce — embedded in this
 * page with checkout-sdk's embedCheckout, or on its hosted checkout page.
 */
import { embedCheckout } from '@bigcommerce/checkout-sdk';

import type { BigCommerceClient, StorefrontAnswer } from '../../../server/src/api-client';
import { field, formValues, h, money, mount } from './dom';
import type { Cart, Customer } from './main';

/** What the checkout needs from the shop around it. */
export interface Shop {
  api: BigCommerceClient;
  state: { cart: Cart | null; customer: Customer | null };
  message(text: string, kind?: 'info' | 'error'): void;
  errorText(error: unknown): string;
  currencyOf(cart: Cart | null): string;
}

type Checkout = StorefrontAnswer<'checkout'>['data'];
type Address = NonNullable<Checkout['billing_address']>;

const ADDRESS_FIELDS: [label: string, name: string, from: keyof Address, attributes?: Record<string, unknown>][] = [
  ['First name', 'firstName', 'first_name', { required: true }],
  ['Last name', 'lastName', 'last_name', { required: true }],
  ['Address', 'address1', 'address1', { required: true }],
  ['City', 'city', 'city', { required: true }],
  ['State', 'stateOrProvince', 'state_or_province'],
  ['State code', 'stateOrProvinceCode', 'state_or_province_code'],
  ['Postal code', 'postalCode', 'postal_code'],
  ['Country code', 'countryCode', 'country_code', { required: true, pattern: '[A-Z]{2}', placeholder: 'US' }],
  ['Phone', 'phone', 'phone'],
];

/** An address form filled from what the checkout already has (or the shopper's name). */
const addressForm = (
  id: string,
  title: string,
  known: Partial<Address> | null | undefined,
  extra: HTMLElement[],
  submitLabel: string,
  onSubmit: (values: Record<string, string>) => Promise<void>
) =>
  h(
    'form',
    {
      id,
      className: 'address',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        await onSubmit(formValues(event.target as HTMLFormElement));
      },
    },
    h('h2', {}, title),
    ...extra,
    ...ADDRESS_FIELDS.map(([label, name, from, attributes]) => field(label, name, { ...attributes, value: String(known?.[from] ?? '') })),
    h('button', { type: 'submit' }, submitLabel)
  );

const oneLine = (address: Partial<Address>): string =>
  [
    `${address.first_name ?? ''} ${address.last_name ?? ''}`.trim(),
    address.address1,
    address.city,
    address.state_or_province_code,
    address.postal_code,
    address.country_code,
  ]
    .filter(Boolean)
    .join(', ');

export const renderCheckout = async (target: HTMLElement, shop: Shop, embedNow: boolean): Promise<void> => {
  const { api, state } = shop;
  const currency = shop.currencyOf(state.cart);
  if (!state.cart) {
    mount(target, h('h1', {}, 'Checkout'), h('p', {}, 'Your cart is empty. ', h('a', { href: '#/' }, 'Go shopping')));
    return;
  }
  let checkout = (await api.checkout()).data;

  const run = async (step: () => Promise<{ data: Checkout }>, done: string) => {
    try {
      checkout = (await step()).data;
      shop.message(done);
      draw();
    } catch (error) {
      shop.message(shop.errorText(error), 'error');
    }
  };

  const payment = h('section', { id: 'payment' });
  const frame = h('div', { id: 'embedded-checkout', className: 'embedded' });
  const status = h('p', { id: 'embed-status', className: 'muted' });

  /** Fresh single-use URLs for each way to pay: the embedded frame spends its own. */
  const redirectUrls = async () => (await api.cartRedirectUrls()).data;

  const embed = async () => {
    // checkout-sdk may first send the whole page to BigCommerce and back (to allow its cookies): this
    // route resumes the embedding when the page comes back.
    if (window.location.hash !== '#/checkout/embedded') history.replaceState(null, '', '#/checkout/embedded');
    status.textContent = 'Loading the embedded checkout…';
    try {
      const urls = await redirectUrls();
      await embedCheckout({
        url: urls.embedded_checkout_url,
        containerId: frame.id,
        onLoad: () => (status.dataset.checkout = 'loaded'),
        onComplete: () => shop.message('Order placed'),
      });
      status.textContent = 'The embedded checkout is loaded.';
      status.dataset.embed = 'loaded';
    } catch (error) {
      status.textContent = `The embedded checkout could not load: ${shop.errorText(error)}`;
      status.dataset.embed = 'failed';
    }
  };

  const drawPayment = async () => {
    const consignment = checkout.consignments[0];
    if (!checkout.billing_address?.email || !consignment?.selected_shipping_option) {
      mount(payment, h('h2', {}, 'Payment'), h('p', { className: 'muted' }, 'Set the addresses and choose a shipping option first.'));
      return;
    }
    const hosted = h('a', { id: 'hosted-checkout', className: 'button secondary' }, 'Pay on BigCommerce’s checkout page');
    mount(
      payment,
      h('h2', {}, 'Payment'),
      h('p', { id: 'grand-total' }, 'Total: ', h('strong', {}, money(checkout.grand_total, currency))),
      h(
        'div',
        { className: 'row' },
        h('button', { type: 'button', id: 'embed-checkout', onclick: () => void embed() }, 'Pay here (embedded checkout)'),
        hosted
      ),
      status,
      frame
    );
    hosted.href = (await redirectUrls()).checkout_url;
  };

  const draw = () => {
    const consignment = checkout.consignments[0];
    const billing = checkout.billing_address;
    const customer = state.customer;
    const known = billing ?? (customer ? { first_name: customer.firstName, last_name: customer.lastName, email: customer.email } : null);
    const email = field('Email', 'email', { type: 'email', required: true, value: billing?.email ?? customer?.email ?? '' });
    const options = consignment?.available_shipping_options ?? [];
    const shipTo = consignment?.address;
    mount(
      target,
      h('h1', {}, 'Checkout'),
      h(
        'ul',
        { id: 'checkout-items' },
        ...[...state.cart!.line_items.physical_items, ...state.cart!.line_items.digital_items].map((item) =>
          h('li', {}, `${item.quantity} × ${item.name}: ${money(item.extended_sale_price, currency)}`)
        )
      ),
      h(
        'div',
        { className: 'columns' },
        addressForm('billing', 'Billing address', known, [email], 'Save billing address', (values) =>
          run(() => {
            const { email: address, ...rest } = values;
            return api.setBillingAddress({ address: { ...rest, email: address } as Parameters<BigCommerceClient['setBillingAddress']>[0]['address'] });
          }, 'Billing address saved')
        ),
        addressForm(
          'shipping',
          'Shipping address',
          shipTo ?? known,
          shipTo ? [h('p', { id: 'ship-to' }, `Shipping to ${oneLine(shipTo)}`)] : [],
          consignment ? 'Change shipping address' : 'Ship here',
          (values) => {
            const address = values as Parameters<BigCommerceClient['addConsignment']>[0]['address'];
            // Changing the address moves the consignment: its shipping options are new, choose one again.
            return consignment
              ? run(() => api.updateConsignment({ consignmentId: consignment.id, address }), 'Shipping address changed')
              : run(() => api.addConsignment({ address }), 'Shipping address saved');
          }
        )
      ),
      consignment
        ? h(
            'fieldset',
            { id: 'shipping-options' },
            h('legend', {}, 'Shipping option'),
            ...(options.length
              ? options.map((option) =>
                  h(
                    'label',
                    { className: 'option' },
                    h('input', {
                      type: 'radio',
                      name: 'shippingOption',
                      value: option.id,
                      checked: consignment.selected_shipping_option?.id === option.id,
                      onchange: () =>
                        run(() => api.selectShippingOption({ consignmentId: consignment.id, shippingOptionId: option.id }), `Shipping: ${option.description}`),
                    }),
                    ` ${option.description} — ${money(option.cost, currency)}`
                  )
                )
              : [h('p', {}, 'No shipping option to this address.')])
          )
        : null,
      payment
    );
    void drawPayment().then(() => {
      if (embedNow) {
        embedNow = false;
        if (payment.contains(frame)) void embed();
      }
    });
  };
  draw();
};
