// Loads BigCommerce's OpenAPI specs (the source of truth, kept outside the repo in
// ../shared/reference/bigcommerce/specs or $BIGCOMMERCE_SPECS_DIR), maps a concrete request
// (method + URL path) to its operation across all spec files, and validates a response: the status
// must be declared and the body must match the declared schema (ajv 8, OpenAPI 3.0 `nullable`).
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export const specsDir = resolve(process.env.BIGCOMMERCE_SPECS_DIR ?? join(__dirname, '..', '..', '..', 'shared', 'reference', 'bigcommerce', 'specs'));
const referenceDir = join(specsDir, 'reference');
export const specsAvailable = existsSync(referenceDir);

/** On CI (`CI` set, as CI services do) a missing spec directory fails the contract suites instead of skipping them. */
export const specsRequired = Boolean(process.env.CI) && !['false', '0'].includes(String(process.env.CI).toLowerCase());

export const missingSpecsMessage = `BigCommerce's OpenAPI specs not found at ${referenceDir}: put them in ../shared/reference/bigcommerce/specs beside the repository, or set BIGCOMMERCE_SPECS_DIR`;

if (!specsAvailable) {
  console.warn(`[openapi] ${missingSpecsMessage}; contract tests are ${specsRequired ? 'failed (CI is set)' : 'skipped'}.`);
}

export type Schema = { [key: string]: unknown };

interface MediaType {
  schema?: Schema;
}
interface ResponseObject {
  content?: Record<string, MediaType>;
}
interface OperationObject {
  operationId?: string;
  responses?: Record<string, ResponseObject>;
}
interface OpenApiDoc {
  servers?: Array<{ url: string }>;
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, Schema>; parameters?: Record<string, Schema> };
}

export interface SpecOperation {
  /** Spec file, relative to the specs `reference/` folder. */
  file: string;
  method: string;
  /** Path template as written in the spec, e.g. /catalog/products/{product_id}. */
  template: string;
  operationId: string;
  responses: Record<string, ResponseObject>;
}

interface IndexedOperation extends SpecOperation {
  base: RegExp;
  pattern: RegExp;
  literals: number;
}

/** A known, documented mismatch between the specs and BigCommerce's real behaviour. */
export type SpecException =
  | {
      kind: 'status';
      /** Statuses the endpoint really answers although the operation does not declare them (or declares a non-JSON body). */
      statuses: number[];
      /** operationIds, or '*' for every operation. */
      operations: string[] | '*';
      /** Schema the body is checked against instead. */
      body: Schema;
      reason: string;
    }
  | {
      kind: 'schema';
      operationId: string;
      status: number;
      /** Returns the corrected response schema (receives a deep copy). */
      fix: (schema: Schema) => Schema;
      reason: string;
    };

export interface ValidationOutcome {
  operation?: SpecOperation;
  /** How the response was judged: by the spec, or by a listed exception. */
  via: 'spec' | 'exception' | 'none';
  errors: string[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `/stores/{store_hash}/v3` -> /^\/stores\/[^/]+\/v3/ */
function templateRegex(template: string, anchorEnd: boolean): RegExp {
  const src = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : escapeRegex(part)))
    .join('');
  return new RegExp(`^${src}${anchorEnd ? '/?$' : ''}`);
}

/**
 * OpenAPI 3.0 schema -> JSON schema ajv understands: `nullable` (and the Swagger-2 style
 * `x-nullable` some specs still use) becomes a null alternative, boolean exclusive bounds become
 * numeric ones, and reference cycles are cut (the cut branch accepts anything).
 */
export function toJsonSchema(node: unknown, ajv?: Ajv, doc?: unknown, stack: Set<object> = new Set()): Schema {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return {};
  if (stack.has(node)) return {};
  let src = node as Schema;
  if (typeof src.$ref === 'string') {
    // Only reference cycles are left as $ref by the loader; follow them once, then cut.
    const target = resolvePointer(doc, src.$ref);
    if (target === undefined || stack.has(target as object)) return {};
    stack.add(node);
    const out = toJsonSchema(target, ajv, doc, stack);
    stack.delete(node);
    return out;
  }
  stack.add(node);
  src = node as Schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(src)) {
    if (k === 'nullable' || k === 'x-nullable' || k === 'example' || k === 'examples' || k === 'discriminator' || k === 'xml' || k === 'externalDocs') continue;
    if (k.startsWith('x-')) continue;
    if (k === 'properties' || k === 'patternProperties') {
      const props: Schema = {};
      for (const [pk, pv] of Object.entries(v as Schema)) props[pk] = toJsonSchema(pv, ajv, doc, stack);
      out[k] = props;
    } else if (k === 'items' || k === 'not' || (k === 'additionalProperties' && typeof v === 'object')) {
      out[k] = Array.isArray(v) ? v.map((x) => toJsonSchema(x, ajv, doc, stack)) : toJsonSchema(v, ajv, doc, stack);
    } else if (k === 'allOf' || k === 'anyOf' || k === 'oneOf') {
      out[k] = (v as unknown[]).map((x) => toJsonSchema(x, ajv, doc, stack));
    } else if (k === 'pattern' && typeof v === 'string') {
      out[k] = repairPattern(v);
    } else if (k === 'format' && typeof v === 'string') {
      if (ajv && !(v in ajv.formats)) ajv.addFormat(v, true);
      out[k] = v;
    } else {
      out[k] = v;
    }
  }
  for (const side of ['Minimum', 'Maximum'] as const) {
    const ex = `exclusive${side}`;
    const bound = side.toLowerCase();
    if (out[ex] === true) {
      out[ex] = out[bound];
      delete out[bound];
    } else if (out[ex] === false) delete out[ex];
  }
  stack.delete(node);
  if (src.nullable === true || src['x-nullable'] === true) {
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      return out;
    }
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

/**
 * ajv compiles patterns as unicode regexes. checkouts.v3.yml's phone pattern has a typo,
 * `\d{1-5}` for `\d{1,5}`, which is a syntax error there: repair that typo (the intent is
 * unambiguous) and leave every other pattern as written.
 */
export function repairPattern(pattern: string): string {
  try {
    new RegExp(pattern, 'u');
    return pattern;
  } catch {
    return pattern.replace(/\{(\d+)-(\d+)\}/g, '{$1,$2}');
  }
}

function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let cur: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function deepCopy<T>(v: T, seen = new Map<object, unknown>()): T {
  if (typeof v !== 'object' || v === null) return v;
  if (seen.has(v)) return seen.get(v) as T;
  const out: unknown = Array.isArray(v) ? [] : {};
  seen.set(v, out);
  for (const [k, x] of Object.entries(v)) (out as Record<string, unknown>)[k] = deepCopy(x, seen);
  return out as T;
}

export class SpecIndex {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(
    private readonly ops: IndexedOperation[],
    private readonly docs: Map<string, OpenApiDoc>
  ) {
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
  }

  get operations(): SpecOperation[] {
    return this.ops.map(({ file, method, template, operationId, responses }) => ({ file, method, template, operationId, responses }));
  }

  /** The operation serving `method url`; literal path segments win over parameters. */
  find(method: string, url: string): SpecOperation | undefined {
    const path = url.split('?')[0];
    const m = method.toLowerCase();
    let best: IndexedOperation | undefined;
    for (const op of this.ops) {
      if (op.method !== m) continue;
      const base = op.base.exec(path);
      if (!base || !op.pattern.test(path.slice(base[0].length))) continue;
      if (!best || op.literals > best.literals) best = op;
    }
    return best;
  }

  /** A named schema of one spec file (e.g. webhooks.v3.yml's store_product_updated). */
  componentSchema(file: string, name: string): Schema | undefined {
    return this.docs.get(file)?.components?.schemas?.[name];
  }

  /** A named parameter of one spec file (e.g. products_catalog.v3.yml's IncludeFieldsParam). */
  componentParameter(file: string, name: string): Schema | undefined {
    return this.docs.get(file)?.components?.parameters?.[name];
  }

  /** Validates `data` against an OpenAPI schema; returns readable error lines. */
  check(schema: Schema, data: unknown, cacheKey?: string, file?: string): string[] {
    let fn = cacheKey ? this.compiled.get(cacheKey) : undefined;
    if (!fn) {
      fn = this.ajv.compile(toJsonSchema(schema, this.ajv, file ? this.docs.get(file) : undefined));
      if (cacheKey) this.compiled.set(cacheKey, fn);
    }
    if (fn(data)) return [];
    return (fn.errors ?? []).map(
      (e) =>
        `${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}${e.params && 'allowedValues' in e.params ? ` ${JSON.stringify(e.params.allowedValues)}` : ''}`
    );
  }

  validate(method: string, url: string, status: number, body: unknown, exceptions: readonly SpecException[] = []): ValidationOutcome {
    const operation = this.find(method, url);
    if (!operation) return { via: 'none', errors: [`no spec operation matches ${method} ${url.split('?')[0]}`] };
    const declared = operation.responses[String(status)] ?? operation.responses[`${String(status)[0]}XX`] ?? operation.responses.default;
    const mediaKey = declared?.content ? Object.keys(declared.content).find((k) => /json/.test(k)) : undefined;
    const jsonDeclared = declared !== undefined && (mediaKey !== undefined || !declared.content || Object.keys(declared.content).length === 0);
    if (!jsonDeclared) {
      const rule = exceptions.find(
        (e): e is Extract<SpecException, { kind: 'status' }> =>
          e.kind === 'status' && e.statuses.includes(status) && (e.operations === '*' || e.operations.includes(operation.operationId))
      );
      if (!rule) {
        const what = declared ? 'declares a non-JSON body for' : 'does not declare';
        return { operation, via: 'none', errors: [`${operation.operationId} (${operation.file}) ${what} status ${status}`] };
      }
      return { operation, via: 'exception', errors: this.check(rule.body, body, `exception:${exceptions.indexOf(rule)}`) };
    }
    const schema = mediaKey ? declared.content?.[mediaKey]?.schema : undefined;
    if (status === 204) {
      // HTTP forbids content on 204, whatever schema a spec attaches to it.
      const empty = body === undefined || body === null || body === '';
      return { operation, via: 'spec', errors: empty ? [] : ['status 204 must have no body'] };
    }
    if (!schema) {
      // Declared without a body (e.g. 204): nothing may be sent.
      const empty = body === undefined || body === null || body === '';
      return { operation, via: 'spec', errors: empty || status !== 204 ? [] : [`status ${status} must have no body`] };
    }
    // Every matching schema fix applies, in list order (one operation can have several documented gaps).
    const fixes = exceptions.filter(
      (e): e is Extract<SpecException, { kind: 'schema' }> => e.kind === 'schema' && e.operationId === operation.operationId && e.status === status
    );
    const key = `${operation.file}#${operation.method} ${operation.template}#${status}${fixes.length ? `#fixed${fixes.map((f) => exceptions.indexOf(f)).join(',')}` : ''}`;
    const effective = fixes.reduce((s, f) => f.fix(s), fixes.length ? deepCopy(schema) : schema);
    return { operation, via: fixes.length ? 'exception' : 'spec', errors: this.check(effective, body, key, operation.file) };
  }
}

let loading: Promise<SpecIndex> | undefined;

/** Parses and dereferences every spec once per process (in a child process, see openapi-load.cjs). */
export function loadSpecs(): Promise<SpecIndex> {
  loading ??= (async () => {
    if (!specsAvailable) throw new Error(missingSpecsMessage);
    const { stdout } = await promisify(execFile)(process.execPath, [join(__dirname, 'openapi-load.cjs'), referenceDir], {
      maxBuffer: 256 * 1024 * 1024,
    });
    const parsed = JSON.parse(stdout) as Record<string, OpenApiDoc>;
    const docs = new Map<string, OpenApiDoc>();
    const ops: IndexedOperation[] = [];
    for (const [file, doc] of Object.entries(parsed)) {
      docs.set(file, doc);
      const bases = (doc.servers ?? [{ url: '/' }]).map((s) =>
        new URL(s.url, 'https://placeholder.invalid').pathname.replace(/%7B/gi, '{').replace(/%7D/gi, '}').replace(/\/$/, '')
      );
      for (const [template, item] of Object.entries(doc.paths ?? {})) {
        for (const method of METHODS) {
          const op = item[method] as OperationObject | undefined;
          if (!op) continue;
          for (const base of new Set(bases)) {
            ops.push({
              file,
              method,
              template,
              operationId: op.operationId ?? `${method} ${template}`,
              responses: op.responses ?? {},
              base: templateRegex(base, false),
              pattern: templateRegex(template, true),
              literals: template.split('/').filter((seg) => seg && !seg.startsWith('{')).length,
            });
          }
        }
      }
    }
    ops.sort((a, b) => a.file.localeCompare(b.file) || a.template.localeCompare(b.template) || a.method.localeCompare(b.method));
    return new SpecIndex(ops, docs);
  })();
  return loading;
}
