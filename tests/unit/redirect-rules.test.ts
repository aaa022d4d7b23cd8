import { redirectProblems } from '../../admin/src/utils/redirect-rules';

// The admin's copy of the redirect rules: what it refuses here the server would refuse too.
const check = (input: Partial<Parameters<typeof redirectProblems>[0]>) =>
  redirectProblems({ fromPath: '/old', type: 'url', entityId: '', url: '/new', ...input });

describe('redirect rules (admin form)', () => {
  it('accepts a path to a path, a path to a full URL and a path to an item id', () => {
    expect(check({})).toEqual({});
    expect(check({ url: 'https://elsewhere.example.com/page' })).toEqual({});
    expect(check({ type: 'product', entityId: '42', url: '' })).toEqual({});
  });

  it.each([
    ['', 'required'],
    ['old', 'path'],
    ['https://shop.example.com/old', 'path'],
    ['/old page', 'spaces'],
    ['/old#part', 'spaces'],
    ['/', 'home'],
    [`/${'a'.repeat(2048)}`, 'tooLong'],
  ])('refuses the from path %j (%s)', (fromPath, problem) => {
    expect(check({ fromPath }).fromPath).toBe(problem);
  });

  it.each([
    ['', 'required'],
    ['new-page', 'url'],
    ['ftp://example.com/file', 'url'],
    ['/new page', 'spaces'],
    ['/old', 'loop'],
  ])('refuses the target URL %j (%s)', (url, problem) => {
    expect(check({ url })['to.url']).toBe(problem);
  });

  it.each([
    ['', 'required'],
    ['abc', 'id'],
    ['0', 'id'],
    ['1.5', 'id'],
  ])('refuses the item id %j for an item redirect (%s)', (entityId, problem) => {
    expect(check({ type: 'category', entityId })['to.entityId']).toBe(problem);
  });
});
