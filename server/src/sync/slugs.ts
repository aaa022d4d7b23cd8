/**
 * Slugs and search text: pure, so the store, the read side and the tests share one rule.
 *
 * A record's *base* slug comes from its custom URL alone. Records sharing a base form a group: the one with
 * the lowest BigCommerce id keeps the base, every other gets `<base>--<id>`. Base slugs never contain `--`
 * (runs of dashes collapse), so a suffixed slug can equal no base and no other suffixed slug: slugs are unique.
 * A slug therefore depends only on its own group: it changes when its own URL changes, or when a record
 * with the same base and a lower id appears or goes; records of other bases never move it.
 */

export type SlugResource = 'product' | 'category' | 'brand';

/** One base slug held by more than one record: who keeps it, what the others got. */
export interface SlugCollision {
  resource: SlugResource;
  slug: string;
  keptBy: number;
  renamed: { bigcommerceId: number; slug: string }[];
}

const SUFFIX_SEPARATOR = '--';

/** NFC and lower case: how a slug is stored and how a requested slug is looked up. */
export const foldSlug = (value: string): string => value.normalize('NFC').toLowerCase().normalize('NFC');

/**
 * `/blue-shirt/` → `blue-shirt`; nested paths keep their inner slashes as dashes; `.html` goes; NFC, lower
 * case; runs of dashes collapse and edge dashes go (which keeps `--` free for collision suffixes).
 */
export const slugFromUrl = (url: string | undefined | null): string =>
  foldSlug((url ?? '').trim())
    .replace(/^\/+|\/+$/g, '')
    .replace(/\.html?$/, '')
    .replace(/\//g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');

/**
 * A brand's slug: BigCommerce files brand pages under `/brands/` (`/brands/Old-Peak.html`), a path segment
 * every brand shares, so it goes: the brand is `old-peak`, as a shopper would type it.
 */
export const brandSlugFromUrl = (url: string | undefined | null): string => slugFromUrl((url ?? '').trim().replace(/^\/*brands\//i, ''));

export const suffixedSlug = (base: string, bigcommerceId: number): string => `${base}${SUFFIX_SEPARATOR}${bigcommerceId}`;

/**
 * Slugs for records by base: per base, the lowest BigCommerce id keeps it, the others get `<base>--<id>`.
 * Deterministic in the set alone (input order does not matter).
 */
export const assignSlugs = (
  resource: SlugResource,
  members: readonly { bigcommerceId: number; base: string }[]
): { slugs: Map<number, string>; collisions: SlugCollision[] } => {
  const groups = new Map<string, number[]>();
  for (const { bigcommerceId, base } of members) {
    const ids = groups.get(base) ?? [];
    if (!ids.includes(bigcommerceId)) ids.push(bigcommerceId);
    groups.set(base, ids);
  }
  const slugs = new Map<number, string>();
  const collisions: SlugCollision[] = [];
  for (const [base, ids] of groups) {
    ids.sort((a, b) => a - b);
    slugs.set(ids[0], base);
    const renamed = ids.slice(1).map((bigcommerceId) => ({ bigcommerceId, slug: suffixedSlug(base, bigcommerceId) }));
    for (const { bigcommerceId, slug } of renamed) slugs.set(bigcommerceId, slug);
    if (renamed.length) collisions.push({ resource, slug: base, keptBy: ids[0], renamed });
  }
  return { slugs, collisions };
};

/**
 * Text as search compares it: compatibility forms (NFKC: ﬁ, full-width letters), then lower case, so
 * `CRÈME`, `crème` and `cre\u0300me` all read `crème`. Stored at sync time and applied to the query, so one
 * plain LIKE matches the same rows on SQLite (whose LIKE folds ASCII only) and PostgreSQL.
 */
export const foldText = (value: string): string => value.normalize('NFKC').toLowerCase().normalize('NFC');

/** The product fields a search reads, folded into one column. */
export const searchTextOf = (fields: { name: string; sku: string; description: string }): string =>
  [fields.name, fields.sku, fields.description].map(foldText).join('\n');
