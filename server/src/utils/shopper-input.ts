import { errors } from '@strapi/utils';

import { findCardData } from './card-data';

/**
 * What every shopper route and GraphQL operation refuses before validating anything: card data, which
 * goes from the browser to BigCommerce's payments endpoint, never through Strapi. (Size and depth are
 * bounded earlier, by the input guard, on the bytes actually read.)
 */
export const checkShopperInput = (input: unknown): void => {
  const card = findCardData(input);
  if (card) {
    throw new errors.ValidationError(
      `Card data (${card}) must not be sent to this server: post it from the browser to BigCommerce's payments endpoint with the payment access token`,
      { path: card.split('.') }
    );
  }
};
