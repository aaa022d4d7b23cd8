/**
 * What our OpenAPI 3.1 paths need before they join another document (@strapi/plugin-documentation's): the other
 * document has its own components and tags, and is OpenAPI 3.0 unless its owner says otherwise.
 */

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const mapDeep = (value: unknown, visit: (object: Json) => Json): unknown => {
  if (Array.isArray(value)) return value.map((item) => mapDeep(item, visit));
  if (!isObject(value)) return value;
  return visit(Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapDeep(item, visit)])));
};

/**
 * Every component, security scheme and tag renamed `<prefix><Name>` (references, security requirements and
 * operation tags with them), so that a host's own `Error`, `Product` or `Catalog` is neither replaced nor taken.
 */
export const namespaced = (override: Json, prefix: string, tagPrefix: string): Json => {
  const rename = (name: string) => `${prefix}${name.charAt(0).toUpperCase()}${name.slice(1)}`;
  const renameRef = (ref: string) => ref.replace(/^(#\/components\/[^/]+\/)(.+)$/, (_, kind: string, name: string) => `${kind}${rename(name)}`);
  const components = (override.components ?? {}) as Record<string, Json>;
  const schemes = new Set(Object.keys(components.securitySchemes ?? {}));
  const renamed = mapDeep({ paths: override.paths }, (object) => {
    const next = { ...object };
    if (typeof next.$ref === 'string') next.$ref = renameRef(next.$ref);
    // An operation: its tags and security requirements (a requirement's keys are scheme names).
    if (isObject(next.responses)) {
      if (Array.isArray(next.tags)) next.tags = next.tags.map((tag) => `${tagPrefix}${String(tag)}`);
      if (Array.isArray(next.security))
        next.security = (next.security as Json[]).map((requirement) =>
          Object.fromEntries(Object.entries(requirement).map(([name, scopes]) => [schemes.has(name) ? rename(name) : name, scopes]))
        );
    }
    return next;
  }) as Json;
  const renamedComponents = mapDeep(components, (object) => (typeof object.$ref === 'string' ? { ...object, $ref: renameRef(object.$ref) } : object)) as Record<
    string,
    Json
  >;
  return {
    tags: ((override.tags ?? []) as Json[]).map((tag) => ({ ...tag, name: `${tagPrefix}${String(tag.name)}` })),
    paths: renamed.paths,
    components: Object.fromEntries(
      Object.entries(renamedComponents).map(([kind, entries]) => [
        kind,
        Object.fromEntries(Object.entries(entries).map(([name, entry]) => [rename(name), entry])),
      ])
    ),
  };
};

/** A JSON Schema 2020-12 (OpenAPI 3.1) schema's keywords said the OpenAPI 3.0 way; other keywords kept. */
const schema30 = (schema: Json): Json => {
  const next = { ...schema };
  // OpenAPI 3.0 wants at least one name in `required`.
  if (Array.isArray(next.required) && next.required.length === 0) delete next.required;
  if ('const' in next) {
    next.enum = [next.const];
    delete next.const;
  }
  if (typeof next.exclusiveMinimum === 'number') {
    next.minimum = next.exclusiveMinimum;
    next.exclusiveMinimum = true;
  }
  if (typeof next.exclusiveMaximum === 'number') {
    next.maximum = next.exclusiveMaximum;
    next.exclusiveMaximum = true;
  }
  if (next.type === 'null') {
    delete next.type;
    next.nullable = true;
    next.enum ??= [null];
  } else if (Array.isArray(next.type)) {
    const types = next.type as string[];
    const nonNull = types.filter((type) => type !== 'null');
    if (nonNull.length < types.length) next.nullable = true;
    if (nonNull.length === 1) next.type = nonNull[0];
    else {
      delete next.type;
      next.anyOf = [...nonNull.map((type) => ({ type })), ...((next.anyOf as Json[] | undefined) ?? [])];
    }
  }
  return next;
};

/** Where a value is a schema: under these keys of an OpenAPI document (or of a schema). */
const SCHEMA_HOLDERS = new Set(['schema', 'schemas', 'items', 'properties', 'additionalProperties', 'anyOf', 'oneOf', 'allOf', 'not']);

/** The schemas of an OpenAPI 3.1 fragment (paths, components) rewritten for an OpenAPI 3.0 document. */
export const toOpenApi30 = (fragment: Json): Json => {
  const walk = (value: unknown, isSchema: boolean, holdsSchemas: boolean): unknown => {
    if (Array.isArray(value)) return value.map((item) => walk(item, isSchema || holdsSchemas, false));
    if (!isObject(value)) return value;
    // `schemas` and `properties` map names to schemas; the others hold one schema (or a list of them).
    const mapsNames = holdsSchemas;
    const entries = Object.entries(value).map(([key, item]) => {
      if (mapsNames) return [key, walk(item, true, false)];
      const holder = SCHEMA_HOLDERS.has(key) && (isSchema || key === 'schema' || key === 'schemas');
      const namesSchemas = key === 'schemas' || (isSchema && key === 'properties');
      return [key, holder && !namesSchemas ? walk(item, true, false) : walk(item, false, namesSchemas)];
    });
    const object = Object.fromEntries(entries) as Json;
    return isSchema ? schema30(object) : object;
  };
  return walk(fragment, false, false) as Json;
};
