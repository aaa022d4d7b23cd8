import type { DocumentNode, FragmentDefinitionNode, SelectionSetNode } from 'graphql';

/** Deeper than any real query; graphql-js parses and validates recursively, so the bound comes first. */
export const GRAPHQL_MAX_NESTING = 100;

const OPEN = 0x7b; // {
const CLOSE = 0x7d; // }
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \
const HASH = 0x23; // #
const NEWLINE = 0x0a;

/** How deep a GraphQL document's braces nest, read once (strings and comments skipped), given up past `max`. */
export const graphqlNestingExceeds = (source: string, max = GRAPHQL_MAX_NESTING): boolean => {
  let depth = 0;
  for (let index = 0; index < source.length; index += 1) {
    const code = source.charCodeAt(index);
    if (code === HASH) {
      while (index < source.length && source.charCodeAt(index) !== NEWLINE) index += 1;
    } else if (code === QUOTE) {
      if (source.startsWith('"""', index)) {
        const end = source.indexOf('"""', index + 3);
        index = end < 0 ? source.length : end + 2;
      } else {
        index += 1;
        while (index < source.length && source.charCodeAt(index) !== QUOTE && source.charCodeAt(index) !== NEWLINE) {
          if (source.charCodeAt(index) === BACKSLASH) index += 1;
          index += 1;
        }
      }
    } else if (code === OPEN) {
      depth += 1;
      if (depth > max) return true;
    } else if (code === CLOSE) depth -= 1;
  }
  return false;
};

const spreadsOf = (set: SelectionSetNode): string[] => {
  const names: string[] = [];
  const pending = [set];
  while (pending.length) {
    for (const selection of pending.pop()!.selections) {
      if (selection.kind === 'FragmentSpread') names.push(selection.name.value);
      else if (selection.selectionSet) pending.push(selection.selectionSet);
    }
  }
  return names;
};

/**
 * The name of a fragment that spreads itself, directly or through others, or null. Such a document is
 * invalid (the spec's "fragments must not form cycles"), and some validators recurse on it forever, so it
 * is refused before any of them runs. Iterative: a three-colour depth-first walk with its own stack.
 */
export const fragmentCycle = (document: DocumentNode): string | null => {
  const spreads = new Map(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === 'FragmentDefinition')
      .map((fragment) => [fragment.name.value, spreadsOf(fragment.selectionSet)])
  );
  const state = new Map<string, 'open' | 'done'>();
  for (const start of spreads.keys()) {
    if (state.has(start)) continue;
    const stack: Array<{ name: string; next: number }> = [{ name: start, next: 0 }];
    state.set(start, 'open');
    while (stack.length) {
      const top = stack[stack.length - 1];
      const targets = spreads.get(top.name) ?? [];
      if (top.next >= targets.length) {
        state.set(top.name, 'done');
        stack.pop();
        continue;
      }
      const target = targets[top.next];
      top.next += 1;
      if (!spreads.has(target)) continue;
      const seen = state.get(target);
      if (seen === 'open') return target;
      if (!seen) {
        state.set(target, 'open');
        stack.push({ name: target, next: 0 });
      }
    }
  }
  return null;
};
