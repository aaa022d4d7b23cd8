import fc from 'fast-check';

import { mapBrand, mapProduct } from '../../../server/src/sync/mapping';
import type { Brand } from '../../../server/src/bigcommerce';
import { assignSlugs, foldSlug, foldText, slugFromUrl, suffixedSlug } from '../../../server/src/sync/slugs';

describe('slugFromUrl', () => {
  it('gives the same base to URLs the issue found colliding, and folds case and NFC/NFD', () => {
    expect(['/a-b/', '/a/b/', '/A-B.html', '/a//b/'].map(slugFromUrl)).toEqual(['a-b', 'a-b', 'a-b', 'a-b']);
    expect(['/cafe/', '/CAFE/', '/cafe.html'].map(slugFromUrl)).toEqual(['cafe', 'cafe', 'cafe']);
    expect(slugFromUrl('/Cafe\u0301/')).toBe(slugFromUrl('/caf\u00e9/'));
    expect(slugFromUrl('/caf\u00e9/')).toBe('caf\u00e9');
  });

  it('never yields "--" or edge dashes, so a suffixed slug can equal no base', () => {
    fc.assert(
      fc.property(fc.string(), (url) => {
        const slug = slugFromUrl(url);
        expect(slug).not.toContain('--');
        expect(slug).not.toMatch(/^-|-$/);
        expect(foldSlug(slug)).toBe(slug); // stored slugs are already in lookup form
      })
    );
  });
});

describe('brand slugs', () => {
  const brand = (url: string) => mapBrand({ id: 7, name: 'Old Peak', custom_url: { url, is_customized: false } } as Brand).slug;

  it('drop the /brands/ segment every BigCommerce brand URL shares, so ?brand=old-peak finds the brand', () => {
    expect(brand('/brands/Old-Peak.html')).toBe('old-peak');
    expect(brand('/brands/old-peak/')).toBe('old-peak');
    expect(brand('/old-peak/')).toBe('old-peak');
    expect(brand('/outdoor/old-peak/')).toBe('outdoor-old-peak'); // only the shared brands/ segment goes
    expect(brand('/brands/')).toBe('brand-7');
  });
});

describe('assignSlugs', () => {
  const members = fc.uniqueArray(fc.record({ bigcommerceId: fc.integer({ min: 1, max: 10_000 }), base: fc.constantFrom('a', 'a-b', 'cafe', 'x-1', 'x') }), {
    selector: (member) => member.bigcommerceId,
    maxLength: 40,
  });

  it('keeps the base for the lowest id and gives the others <base>--<id>', () => {
    const { slugs, collisions } = assignSlugs('product', [
      { bigcommerceId: 9, base: 'a-b' },
      { bigcommerceId: 4, base: 'a-b' },
      { bigcommerceId: 7, base: 'cafe' },
    ]);
    expect(Object.fromEntries(slugs)).toEqual({ 4: 'a-b', 9: 'a-b--9', 7: 'cafe' });
    expect(collisions).toEqual([{ resource: 'product', slug: 'a-b', keptBy: 4, renamed: [{ bigcommerceId: 9, slug: 'a-b--9' }] }]);
  });

  it('gives every record a slug no other record has, whatever the input order', () => {
    fc.assert(
      fc.property(members, (list) => {
        const { slugs } = assignSlugs('product', list);
        expect(new Set(slugs.values()).size).toBe(list.length);
        expect(assignSlugs('product', [...list].reverse()).slugs).toEqual(slugs);
      })
    );
  });

  it('leaves a slug alone when a record of another base appears or goes', () => {
    fc.assert(
      fc.property(members, fc.record({ bigcommerceId: fc.integer({ min: 10_001, max: 20_000 }), base: fc.constantFrom('a', 'other') }), (list, extra) => {
        const before = assignSlugs('product', list).slugs;
        const after = assignSlugs('product', [...list, extra]).slugs;
        for (const member of list) if (member.base !== extra.base) expect(after.get(member.bigcommerceId)).toBe(before.get(member.bigcommerceId));
        // A newcomer with a higher id never takes a base: the holder keeps it.
        for (const member of list) if (before.get(member.bigcommerceId) === member.base) expect(after.get(member.bigcommerceId)).toBe(member.base);
      })
    );
  });

  it('cannot be fooled by a base that looks like a suffixed slug', () => {
    const { slugs } = assignSlugs('product', [
      { bigcommerceId: 1, base: 'x' },
      { bigcommerceId: 2, base: 'x' },
      { bigcommerceId: 3, base: slugFromUrl('/x--2/') },
    ]);
    expect(slugs.get(2)).toBe(suffixedSlug('x', 2));
    expect(slugs.get(3)).toBe('x-2');
  });
});

describe('foldText', () => {
  it('folds case and normalization form the same way for the stored text and the query', () => {
    const stored = foldText('Cre\u0300me brûlée set');
    expect(stored).toContain(foldText('CRÈME'));
    expect(stored).toContain(foldText('cr\u00e8me'));
    expect(foldText('ＣＲÈＭＥ')).toBe(foldText('crème'));
  });

  it('is idempotent', () => {
    fc.assert(fc.property(fc.string(), (text) => expect(foldText(foldText(text))).toBe(foldText(text))));
  });

  it('is stored on the product record from name, SKU and description', () => {
    const record = mapProduct(
      {
        id: 5,
        name: 'Crème Brûlée Set',
        type: 'physical',
        sku: 'SKU-É',
        description: '<p>Dessert</p>',
        price: 1,
        categories: [],
        inventory_level: 0,
        inventory_tracking: 'none',
        is_visible: true,
        date_created: '2024-01-01T00:00:00Z',
        date_modified: '2024-01-01T00:00:00Z',
        custom_url: { url: '/CAFE.html' },
      } as never,
      [1]
    );
    expect(record.searchText).toBe('crème brûlée set\nsku-é\n<p>dessert</p>');
    expect(record.slug).toBe('cafe');
  });
});
