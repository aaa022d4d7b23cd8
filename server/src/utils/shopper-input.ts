import { errors } from '@strapi/utils';

import { findCardField } from '../validation/storefront';

/** No shopper request needs more: a cart of a hundred items is a few kilobytes. */
const MAX_SHOPPER_INPUT_BYTES = 32 * 1024;

/**
 * What every shopper route and GraphQL operation refuses before validating anything: an oversized input,
 * and card data, which goes from the browser to BigCommerce's payments endpoint, never through Strapi.
 */
export const checkShopperInput = (input: unknown, bytes: number): void => {
  if (bytes > MAX_SHOPPER_INPUT_BYTES) {
    throw new errors.PayloadTooLargeError(`The input is over ${MAX_SHOPPER_INPUT_BYTES / 1024} KB`);
  }
  const card = findCardField(input);
  if (card) {
    throw new errors.ValidationError(
      `Card data (${card}) must not be sent to this server: post it from the browser to BigCommerce's payments endpoint with the payment access token`,
    );
  }
};
