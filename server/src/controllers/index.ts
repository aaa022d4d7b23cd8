import { brand, category, product } from './catalog';
import channels from './channels';
import controlPanel from './control-panel';
import customers from './customers';
import openapi from './openapi';
import redirects from './redirects';
import settings from './settings';
import storefront from './storefront';
import sync from './sync';
import webhooks from './webhooks';

const controllers = {
  brand,
  category,
  product,
  channels,
  'control-panel': controlPanel,
  customers,
  openapi,
  redirects,
  settings,
  storefront,
  sync,
  webhooks,
};

type Controllers = typeof controllers;

/** `<controller>.<action>` of every controller action: what a route's handler may name. */
export type Handler = {
  [C in keyof Controllers & string]: `${C}.${keyof ReturnType<Controllers[C]> & string}`;
}[keyof Controllers & string];

export default controllers;
