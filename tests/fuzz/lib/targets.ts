import contentApi from '../../../server/src/routes/content-api';

/** Where the plugin's content API mounts: `/api/<plugin name>`. */
export const API_PREFIX = '/api/bigcommerce';

export interface RestRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The route's path as declared, e.g. `/wishlists/:id/items/:itemId`. */
  path: string;
  handler: string;
  /** Its `:name` parameters in order. */
  params: string[];
  /** `METHOD /api/bigcommerce/path`: the key of the closing table. */
  key: string;
}

/** Every public REST route, read from the routes module itself: a new route is fuzzed without editing this suite. */
export const REST_ROUTES: RestRoute[] = contentApi.routes.map((route) => ({
  method: route.method as RestRoute['method'],
  path: route.path,
  handler: route.handler,
  params: [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]),
  key: `${route.method} ${API_PREFIX}${route.path}`,
}));

/** The route's URL with its parameters filled in. */
export const fillPath = (route: RestRoute, values: Record<string, string>): string =>
  API_PREFIX + route.path.replace(/:(\w+)/g, (_, name: string) => values[name]);

// --- GraphQL: the operations come from the running schema, so every query and mutation of the plugin is found.

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}

interface IntrospectedField {
  name: string;
  args: Array<{ name: string; type: TypeRef }>;
  type: TypeRef;
}

interface IntrospectedType {
  kind: string;
  name: string;
  fields: IntrospectedField[] | null;
  enumValues: Array<{ name: string }> | null;
}

export const INTROSPECTION = `{ __schema { queryType { name } mutationType { name } types { kind name
  enumValues { name }
  fields { name type { ...T } args { name type { ...T } } } } } }
  fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }`;

/** An argument's type: its GraphQL spelling (`[Int!]!`) and what its innermost named type is. */
export interface ArgType {
  spelled: string;
  named: string;
  kind: string;
  nonNull: boolean;
  list: boolean;
  enumValues: string[];
}

export interface GraphqlOperation {
  root: 'Query' | 'Mutation';
  name: string;
  args: Array<{ name: string; type: ArgType }>;
  /** A selection set that asks for the scalar fields of the result (empty for a scalar result). */
  selection: string;
  /** `Query.bigcommerceCart`: the key of the closing table. */
  key: string;
}

const spell = (t: TypeRef): string => (t.kind === 'NON_NULL' ? `${spell(t.ofType!)}!` : t.kind === 'LIST' ? `[${spell(t.ofType!)}]` : t.name!);
const innermost = (t: TypeRef): TypeRef => (t.ofType ? innermost(t.ofType) : t);

/** The plugin's own operations (`bigcommerce*`) from an introspection answer, with selection sets built from the types. */
export const graphqlOperations = (schema: {
  queryType: { name: string };
  mutationType: { name: string } | null;
  types: IntrospectedType[];
}): GraphqlOperation[] => {
  const types = new Map(schema.types.map((t) => [t.name, t]));
  const selectionOf = (typeName: string, depth: number): string => {
    const type = types.get(typeName);
    if (!type || !['OBJECT', 'INTERFACE'].includes(type.kind) || !type.fields) return '';
    const parts: string[] = [];
    for (const f of type.fields) {
      if (f.args.some((a) => a.type.kind === 'NON_NULL')) continue;
      const inner = innermost(f.type);
      const kind = types.get(inner.name!)?.kind;
      if (kind === 'SCALAR' || kind === 'ENUM') parts.push(f.name);
      else if (depth > 0 && !f.name.endsWith('_connection')) {
        const nested = selectionOf(inner.name!, depth - 1);
        if (nested) parts.push(`${f.name} ${nested}`);
      }
    }
    return parts.length ? `{ ${parts.join(' ')} }` : '';
  };
  const argType = (t: TypeRef): ArgType => {
    const named = innermost(t);
    return {
      spelled: spell(t),
      named: named.name!,
      kind: named.kind,
      nonNull: t.kind === 'NON_NULL',
      list: (t.kind === 'NON_NULL' ? t.ofType! : t).kind === 'LIST',
      enumValues: types.get(named.name!)?.enumValues?.map((v) => v.name) ?? [],
    };
  };
  const roots: Array<['Query' | 'Mutation', string | undefined]> = [
    ['Query', schema.queryType.name],
    ['Mutation', schema.mutationType?.name],
  ];
  return roots.flatMap(([root, typeName]) =>
    (types.get(typeName ?? '')?.fields ?? [])
      .filter((f) => f.name.startsWith('bigcommerce'))
      .map((f) => ({
        root,
        name: f.name,
        args: f.args.map((a) => ({ name: a.name, type: argType(a.type) })),
        selection: selectionOf(innermost(f.type).name!, 2),
        key: `${root}.${f.name}`,
      }))
  );
};
