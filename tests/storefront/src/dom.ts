/** A few DOM helpers: the storefront has no framework, so its views are plain elements built here. */
type Child = Node | string | number | null | undefined | false;
type Props = Record<string, unknown>;

/** What append takes: the children that are there, numbers as text. */
const present = (children: Child[]): (Node | string)[] =>
  children
    .filter((child): child is Node | string | number => child !== null && child !== undefined && child !== false)
    .map((child) => (typeof child === 'number' ? String(child) : child));

/** `h('button', { type: 'button', onclick }, 'Add')`: a property when the element has one, else an attribute. */
export const h = <K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] => {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2), value as EventListener);
    else if (key in element && !key.includes('-')) Reflect.set(element, key, value);
    else element.setAttribute(key, String(value));
  }
  element.append(...present(children));
  return element;
};

/** Replaces an element's content. */
export const mount = (target: Element, ...children: Child[]): void => {
  target.replaceChildren();
  target.append(...present(children));
};

export const money = (amount: unknown, currency = 'USD'): string => new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(Number(amount ?? 0));

/** A form's fields as strings, empty ones left out (the API refuses empty strings where a value is optional). */
export const formValues = (form: HTMLFormElement): Record<string, string> => {
  const values: Record<string, string> = {};
  new FormData(form).forEach((value, key) => {
    if (typeof value === 'string' && value.trim() !== '') values[key] = value.trim();
  });
  return values;
};

/** A labelled input. */
export const field = (label: string, name: string, attributes: Props = {}): HTMLLabelElement =>
  h('label', {}, h('span', {}, label), h('input', { name, type: 'text', ...attributes }));

/** HTML from BigCommerce (product descriptions) as its text only: nothing of it runs or renders as markup. */
/** An HTML description's paragraphs as plain text (BigCommerce descriptions are HTML; nothing of it runs here). */
export const paragraphsOf = (html: unknown): string[] => {
  const body = new DOMParser().parseFromString(String(html ?? ''), 'text/html').body;
  const blocks = body.children.length ? Array.from(body.children, (element) => element.textContent ?? '') : [body.textContent ?? ''];
  return blocks.map((text) => text.trim()).filter(Boolean);
};

/** Strapi's blocks (a rich-text field's JSON): each top-level block's text, as a paragraph of its own. */
export const blocksText = (blocks: unknown): string[] => {
  const text = (node: unknown): string => {
    if (!node || typeof node !== 'object') return '';
    const { text: own, children } = node as { text?: unknown; children?: unknown };
    return typeof own === 'string' ? own : Array.isArray(children) ? children.map(text).join('') : '';
  };
  return Array.isArray(blocks) ? blocks.map(text).filter((paragraph) => paragraph.trim()) : [];
};
