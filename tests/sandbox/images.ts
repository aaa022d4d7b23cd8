// The store's image CDN, played by the sandbox when startSandbox({ imageHost: true }) points the image
// URLs at its own origin (BigCommerce's cdn11.bigcommerce.com answers nothing from here). Same path
// shapes as the CDN, no auth, no quota, not counted:
//
//   GET /s-{hash}/images/stencil/{W}x{H}|original/products/{pid}/{iid}/{file}   a product image
//   GET /s-{hash}/channel-icons/{platform}.svg                                  a channel's icon
//   GET /s-{hash}/stencil/images/ProductDefault.gif                             a cart line's default image
//
// Each answer is a small SVG tile drawn from what the URL names (the product's initials and name, the
// size, colours from the product id), so the same URL always gives the same picture.
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ApiError } from './errors';
import { mix } from './generator';
import type { Runtime } from './runtime';

/** BigCommerce's stencil "original" keeps the upload's size; the seeded uploads are 1024x1024 (as in the spec's examples). */
const ORIGINAL = { width: 1024, height: 1024 };
/** Larger stencil sizes are not drawn (the CDN's largest named one is 1280x1280). */
const MAX_SIDE = 4096;

const xml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** "Rustic Oak Mug 12" -> "ROM": up to three initials of the words that start with a letter. */
export const initials = (name: string): string =>
  name
    .split(/\s+/)
    .filter((w) => /^\p{L}/u.test(w))
    .slice(0, 3)
    .map((w) => w[0].toUpperCase())
    .join('') || '?';

export interface Tile {
  width: number;
  height: number;
  /** Hue 0-359 of the background. */
  hue: number;
  /** Big, centred. */
  mark: string;
  /** Under the mark, shrunk to fit; left out on small tiles. */
  caption?: string;
  /** Bottom line, e.g. the size; left out on small tiles. */
  footnote?: string;
}

/** A flat tile: background from the hue, the mark, the caption and the footnote in white. */
export function svgTile(t: Tile): string {
  const { width: w, height: h } = t;
  const side = Math.min(w, h);
  const mark = Math.max(8, Math.round(side * 0.32));
  const roomy = side >= 150; // room for the caption and the footnote
  // Glyphs are about 0.6 em wide: shrink a long caption to 90 % of the width.
  const shrunkFontSize = (text: string, size: number): number => Math.max(6, Math.min(size, Math.floor((w * 0.9) / (text.length * 0.6))));
  const caption = roomy && t.caption ? shrunkFontSize(t.caption, Math.round(side * 0.07)) : 0;
  const footnote = roomy && t.footnote ? shrunkFontSize(t.footnote, Math.round(side * 0.045)) : 0;
  const text = (y: number, size: number, body: string, extra = ''): string =>
    `<text x="${w / 2}" y="${Math.round(y)}" font-size="${size}" text-anchor="middle" dominant-baseline="middle"${extra}>${xml(body)}</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${xml(t.caption ?? t.mark)}">`,
    `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${t.hue},55%,52%)"/><stop offset="1" stop-color="hsl(${(t.hue + 40) % 360},60%,36%)"/></linearGradient></defs>`,
    `<rect width="${w}" height="${h}" fill="url(#g)"/>`,
    `<g fill="#fff" font-family="Helvetica, Arial, sans-serif">`,
    text(h / 2 - (caption ? caption : 0), mark, t.mark, ' font-weight="700" fill-opacity="0.92"'),
    caption && t.caption ? text(h / 2 + mark * 0.55 + caption * 0.5, caption, t.caption) : '',
    footnote && t.footnote ? text(h - footnote * 1.2, footnote, t.footnote, ' fill-opacity="0.75"') : '',
    '</g></svg>',
  ].join('');
}

/** "500x659" -> 500 by 659; "original" -> the upload's size; anything else is no stencil size. */
export function stencilSize(size: string): { width: number; height: number } | undefined {
  if (size === 'original') return ORIGINAL;
  const m = /^(\d{1,4})x(\d{1,4})$/.exec(size);
  if (!m) return undefined;
  const [width, height] = [Number(m[1]), Number(m[2])];
  return width >= 1 && height >= 1 && width <= MAX_SIDE && height <= MAX_SIDE ? { width, height } : undefined;
}

const send = (reply: FastifyReply, svg: string): FastifyReply =>
  reply
    .header('content-type', 'image/svg+xml; charset=utf-8')
    // The CDN's URLs carry a cache buster (?c=1); a picture only changes with its product's name.
    .header('cache-control', 'public, max-age=3600')
    .header('access-control-allow-origin', '*')
    .header('x-content-type-options', 'nosniff')
    .send(svg);

const missing = (what: string): ApiError => new ApiError(404, `No image at ${what}.`);

export function imageRoutes(app: FastifyInstance, rt: Runtime): void {
  const { store } = rt;
  const base = `/s-${store.storeHash}`;

  app.get(`${base}/images/stencil/:size/products/:pid/:iid/:file`, async (req, reply) => {
    const p = req.params as Record<string, string>;
    const size = stencilSize(p.size);
    const core = /^\d+$/.test(p.pid) ? store.catalog.products.get(Number(p.pid)) : undefined;
    const images = core ? store.catalog.detailsOf(core).images : [];
    const k = images.findIndex((i) => String(i.id) === p.iid && path.posix.basename(i.image_file) === p.file);
    if (!size || !core || k < 0) throw missing(req.url.split('?')[0]);
    // Each image of a product a shade apart, so a gallery shows which is which.
    const hue = (mix(core.id) % 360) + k * 23;
    const label = `${size.width}×${size.height}`;
    return send(
      reply,
      svgTile({
        ...size,
        hue: hue % 360,
        mark: initials(core.name),
        caption: core.name,
        footnote: images.length > 1 ? `${k + 1}/${images.length} · ${label}` : label,
      })
    );
  });

  app.get(`${base}/channel-icons/:file`, async (req, reply) => {
    const file = (req.params as Record<string, string>).file;
    const m = /^([a-z0-9_-]+)\.svg$/.exec(file);
    if (!m) throw missing(req.url.split('?')[0]);
    const platform = m[1];
    return send(reply, svgTile({ width: 64, height: 64, hue: mix(...Array.from(platform, (c) => c.charCodeAt(0))) % 360, mark: platform[0].toUpperCase() }));
  });

  app.get(`${base}/stencil/images/ProductDefault.gif`, async (_req, reply) =>
    send(reply, svgTile({ width: 220, height: 290, hue: 210, mark: '—', caption: 'No image' }))
  );
}
