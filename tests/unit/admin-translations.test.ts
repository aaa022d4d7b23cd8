import fs from 'node:fs';
import path from 'node:path';

/**
 * Every admin string goes through a translation key with its English default (`t('key', 'English')`
 * or `getTranslation('key')` + `defaultMessage`); en.json must hold each key with that same English,
 * and nothing else, so that translators see exactly what the admin shows.
 */
const ADMIN = path.resolve(__dirname, '..', '..', 'admin', 'src');

const sourceFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : /\.tsx?$/.test(entry.name) ? [full] : [];
  });

/** A string literal's text, whichever quote Prettier chose (double when the text holds an apostrophe). */
const unquote = (literal: string): string => literal.replace(/\\(['"])/g, '$1').replace(/\\\\/g, '\\');
const LITERAL = String.raw`(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")`;

/** `[key, default]` of every translated string in the admin sources. */
const usedMessages = (): [string, string, string][] =>
  sourceFiles(ADMIN).flatMap((file) => {
    const text = fs.readFileSync(file, 'utf8');
    const relative = path.relative(ADMIN, file);
    const calls = [...text.matchAll(new RegExp(String.raw`\bt\(\s*'([^']+)',\s*${LITERAL}`, 'g'))].map(
      (m) => [m[1], unquote(m[2] ?? m[3]), relative] as [string, string, string]
    );
    const labels = [...text.matchAll(new RegExp(String.raw`getTranslation\('([^']+)'\),\s*defaultMessage:\s*${LITERAL}`, 'g'))].map(
      (m) => [m[1], unquote(m[2] ?? m[3]), relative] as [string, string, string]
    );
    return [...calls, ...labels];
  });

const english = JSON.parse(fs.readFileSync(path.join(ADMIN, 'translations', 'en.json'), 'utf8')) as Record<string, string>;

describe('admin translations', () => {
  const used = usedMessages();

  it('finds the translated strings', () => expect(used.length).toBeGreaterThan(100));

  it('has every key in en.json with the English the code shows by default', () => {
    const mismatched = used
      .filter(([key, defaultMessage]) => english[key] !== defaultMessage)
      .map(([key, message, file]) => `${file}: ${key} = ${message} (en.json: ${english[key]})`);
    expect(mismatched).toEqual([]);
  });

  it('gives one key one English text', () => {
    const texts = new Map<string, Set<string>>();
    for (const [key, message] of used) texts.set(key, (texts.get(key) ?? new Set()).add(message));
    expect([...texts].filter(([, messages]) => messages.size > 1).map(([key]) => key)).toEqual([]);
  });

  it('keeps no unused key in en.json', () => {
    const keys = new Set(used.map(([key]) => key));
    expect(Object.keys(english).filter((key) => !keys.has(key))).toEqual([]);
  });
});
