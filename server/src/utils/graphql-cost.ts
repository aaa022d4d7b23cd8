import type { ArgumentNode, FragmentDefinitionNode, SelectionSetNode } from 'graphql';

import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../validation/catalog';

type Variables = Record<string, unknown>;

/** What one selection of a field may cost: rows it may read (a list: its page size), from its arguments. */
export type FieldCost = (argument: (name: string) => unknown) => number;

/** A page of a list: its page size. */
export const pageSizeCost: FieldCost = (argument) => {
  const size = Number(argument('pageSize') ?? DEFAULT_PAGE_SIZE);
  // An out-of-range size is refused by the field's own validation; here it costs the most a page can.
  return Number.isInteger(size) && size >= 1 ? Math.min(size, MAX_PAGE_SIZE) : MAX_PAGE_SIZE;
};

/** A whole tree at once: priced as a full page. */
export const treeCost: FieldCost = () => MAX_PAGE_SIZE;

/** One record, or one BigCommerce call. */
export const singleCost: FieldCost = () => 1;

export interface OperationCost {
  /** Selections of the plugin's fields, each alias counting once. */
  fields: number;
  /** Rows those selections may read. */
  cost: number;
}

const argumentValue = (args: readonly ArgumentNode[] | undefined, name: string, variables: Variables): unknown => {
  const node = args?.find((candidate) => candidate.name.value === name)?.value;
  if (!node) return undefined;
  if (node.kind === 'Variable') return variables[node.name.value];
  if (node.kind === 'IntValue' || node.kind === 'FloatValue') return Number(node.value);
  return undefined;
};

/**
 * Counts the plugin's fields among the running operation's root selections (through fragments and inline
 * fragments, each fragment entered once per spread, without recursion) and what they may read. Our
 * fields are root fields only, so nothing below them is visited.
 */
export const operationCost = (
  root: SelectionSetNode,
  fragments: Readonly<Record<string, FragmentDefinitionNode>>,
  variables: Variables,
  costs: Readonly<Record<string, FieldCost>>
): OperationCost => {
  const result: OperationCost = { fields: 0, cost: 0 };
  const pending: SelectionSetNode[] = [root];
  // A fragment spread again and again is counted each time, up to a bound on the whole walk.
  let visits = 0;
  const MAX_VISITS = 10_000;
  while (pending.length) {
    const set = pending.pop()!;
    for (const selection of set.selections) {
      if ((visits += 1) > MAX_VISITS) return { fields: Number.POSITIVE_INFINITY, cost: Number.POSITIVE_INFINITY };
      if (selection.kind === 'Field') {
        const cost = Object.prototype.hasOwnProperty.call(costs, selection.name.value) ? costs[selection.name.value] : undefined;
        if (!cost) continue;
        result.fields += 1;
        result.cost += cost((name) => argumentValue(selection.arguments, name, variables));
      } else if (selection.kind === 'InlineFragment') pending.push(selection.selectionSet);
      else {
        const fragment = Object.prototype.hasOwnProperty.call(fragments, selection.name.value) ? fragments[selection.name.value] : undefined;
        if (fragment) pending.push(fragment.selectionSet);
      }
    }
  }
  return result;
};
