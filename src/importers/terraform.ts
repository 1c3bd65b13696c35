/**
 * Terraform configuration (.tf) → canonical inventory. Pure: the caller reads and parses the files
 * (see io/import-files.ts and importers/hcl.ts) and hands in a module tree.
 *
 * One vendor per catalogue provider; one service per managed resource (id = Terraform address) and
 * per module call whose source is not available locally. Regions are resolved the way Terraform
 * would: resource argument, else the provider configuration the resource uses (alias, or the
 * configuration passed to the module), with variables (defaults and .tfvars), locals and zone ids.
 */
import type { Provider, TerraformInfo } from '../catalog/types.js';
import type { Diagnostic, Inference, Service } from '../model/types.js';
import { LineIndex } from '../parse/line-index.js';
import { uniqueSorted } from '../util/arrays.js';
import {
  classificationTable,
  emptyInventory,
  type ImportedFragment,
  type ImportOptions,
  locationArguments,
  NOT_LOCATION,
  providerByLocalName,
  providerBySource,
  providerVendor,
  REGION_KEYS,
  resolveRegion,
  serviceIdOf,
  storageOf,
  tidyService,
  VendorSet,
  warning,
} from './common.js';
import type { HclJson } from './hcl.js';

export interface TerraformFile {
  file: string;
  text: string;
  json: HclJson;
}

export interface TerraformModule {
  /** Folder, as displayed. */
  dir: string;
  files: TerraformFile[];
  /** `*.tfvars` values (root module only), applied over variable defaults. */
  tfvars?: TerraformFile[];
  /** Local module folders loaded for `module` calls, by call name. */
  children: Record<string, TerraformModule | undefined>;
  /** Local module calls whose folder could not be loaded, by call name: why. */
  missing?: Record<string, string>;
}

/** Terraform's own utility providers: they create no hosted resources. */
const UTILITY = new Set([
  'random',
  'null',
  'local',
  'tls',
  'time',
  'archive',
  'external',
  'template',
  'http',
  'terraform',
  'cloudinit',
]);

const GENERIC_REGION_ARGUMENTS = ['region', 'location', 'zone', 'availability_zone', 'region_id'];
const _CLASSIFICATION_TAGS = ['data-classification', 'data_classification', 'dataclassification'];

interface Value {
  value?: string;
  /** A list of literal strings (a list variable, `zones = [...]`). */
  list?: string[];
  unknown?: string;
  from?: string;
}

interface Located {
  regions: string[];
  countries: string[];
  inferred: Inference[];
  unknowns: string[];
}

interface ProviderConfig {
  provider: Provider;
  key: string;
  region?: string;
  regionUnknown?: string;
  inferred: Inference[];
  environment?: { name: string; country?: string; operator?: string; regions?: string[] };
  where: string;
}

interface Block {
  body: Record<string, unknown>;
  file: TerraformFile;
}

interface Scope {
  module: TerraformModule;
  /** `module.a.module.b.` */
  prefix: string;
  vars: Map<string, Value>;
  locals: Map<string, { raw: unknown; file: TerraformFile }>;
  /** Provider configurations by key (`alicloud`, `alicloud.qingdao`). */
  providers: Map<string, ProviderConfig>;
  /** local name → catalogue provider (from required_providers). */
  localNames: Map<string, Provider | null>;
}

function asObject(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function blocks2(files: TerraformFile[], kind: string): { type: string; name: string; block: Block }[] {
  const out: { type: string; name: string; block: Block }[] = [];
  for (const file of files) {
    for (const [type, byName] of Object.entries(asObject(file.json[kind]) ?? {})) {
      for (const [name, bodies] of Object.entries(asObject(byName) ?? {})) {
        for (const body of Array.isArray(bodies) ? bodies : [bodies]) {
          const b = asObject(body);
          if (b) out.push({ type, name, block: { body: b, file } });
        }
      }
    }
  }
  return out;
}

function blocks1(files: TerraformFile[], kind: string): { name: string; block: Block }[] {
  const out: { name: string; block: Block }[] = [];
  for (const file of files) {
    for (const [name, bodies] of Object.entries(asObject(file.json[kind]) ?? {})) {
      for (const body of Array.isArray(bodies) ? bodies : [bodies]) {
        const b = asObject(body);
        if (b) out.push({ name, block: { body: b, file } });
      }
    }
  }
  return out;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Line and column of a block header (`resource "TYPE" "NAME" {`), skipping comment lines. */
export function locateBlock(text: string, kind: string, labels: readonly string[]): { line: number; column: number } {
  const index = textIndex(text);
  const at = index.header(kind, labels) ?? firstHeader(text, kind, labels);
  return at === undefined ? { line: 1, column: 1 } : index.lines.position(at);
}

/** Where the first `kind "label" … {` block header of `text` starts (its keyword), by a search of the whole text. */
function firstHeader(text: string, kind: string, labels: readonly string[]): number | undefined {
  const pattern = new RegExp(
    `(^|\\n)([ \\t]*)${escapeRe(kind)}${labels.map((l) => `\\s*(?:"${escapeRe(l)}"|${escapeRe(l)}(?=[\\s{]))`).join('')}\\s*\\{`,
    'g',
  );
  const m = pattern.exec(text);
  return m ? m.index + m[1].length + m[2].length : undefined;
}

/** A block header at the start of a line: its keyword, then quoted or bare labels, then `{`. */
const HEADER = /(^|\n)([ \t]*)([A-Za-z_][A-Za-z0-9_-]*)((?:\s*(?:"[^"\\\n]*"|[A-Za-z0-9_-]+(?=[\s{])))*)\s*\{/g;
const LABEL = /"([^"\\\n]*)"|([A-Za-z0-9_-]+)/g;

/**
 * What locating reads of one file's text, worked out once: its line starts, its lines, and where the first block
 * header of each kind and labels is. Importing asks about one text once per resource and argument; a search of the
 * whole text each time (and counting its lines from the start) made a file of n resources cost n² (4,000 buckets
 * in one main.tf: 14.6 s). A header the scan does not read (an escaped quote in a label, a comment between labels)
 * is searched for as before.
 */
class TextIndex {
  readonly lines: LineIndex;
  #split: string[] | undefined;
  #headers: Map<string, number> | undefined;
  constructor(readonly text: string) {
    this.lines = new LineIndex(text);
  }
  get split(): string[] {
    this.#split ??= this.text.split('\n');
    return this.#split;
  }
  header(kind: string, labels: readonly string[]): number | undefined {
    if (this.#headers === undefined) {
      const headers = new Map<string, number>();
      for (const m of this.text.matchAll(HEADER)) {
        const key = [m[3], ...[...m[4].matchAll(LABEL)].map((l) => l[1] ?? l[2])].join('\0');
        if (!headers.has(key)) headers.set(key, m.index + m[1].length + m[2].length);
      }
      this.#headers = headers;
    }
    return this.#headers.get([kind, ...labels].join('\0'));
  }
}

/** The last text asked about, indexed (an import reads one file's resources in a row). */
let lastIndex: TextIndex | undefined;
function textIndex(text: string): TextIndex {
  if (lastIndex?.text !== text) lastIndex = new TextIndex(text);
  return lastIndex;
}

/** Line and column of `name = ` inside a file (first occurrence after a block start offset). */
function locateKey(text: string, from: { line: number }, key: string): { line: number; column: number } | undefined {
  const lines = textIndex(text).split;
  const re = new RegExp(`^(\\s*)"?${escapeRe(key)}"?\\s*=`);
  for (let i = from.line - 1; i < lines.length; i++) {
    const m = lines[i].match(re);
    if (m) return { line: i + 1, column: m[1].length + 1 };
  }
  return undefined;
}

class Evaluator {
  private depth = 0;

  constructor(private readonly scope: Scope) {}

  eval(raw: unknown, what: string): Value {
    if (typeof raw === 'number' || typeof raw === 'boolean') return { value: String(raw) };
    if (Array.isArray(raw)) {
      const list: string[] = [];
      const froms: string[] = [];
      for (const item of raw) {
        const v = this.eval(item, what);
        if (v.value === undefined) return { unknown: v.unknown ?? `${what} holds a value that is not a literal` };
        list.push(v.value);
        if (v.from) froms.push(v.from);
      }
      return { list, from: froms.join(', ') || undefined };
    }
    if (typeof raw !== 'string') return { unknown: `${what} is not a literal value` };
    if (!raw.includes('${')) return { value: raw };
    const whole = raw.match(/^\$\{\s*([^{}]*?)\s*\}$/);
    if (whole) return this.reference(whole[1], what);
    // simple template: every ${…} must be a resolvable var/local
    let unknown: string | undefined;
    const froms: string[] = [];
    const value = raw.replace(/\$\{\s*([^{}]*?)\s*\}/g, (_, expr: string) => {
      const v = this.reference(expr, what);
      if (v.value === undefined) unknown ??= v.unknown;
      if (v.from) froms.push(v.from);
      return v.value ?? '';
    });
    if (unknown || raw.replace(/\$\{[^{}]*\}/g, '').includes('${'))
      return { unknown: unknown ?? `${what} '${raw}' is an interpolation that cannot be resolved statically` };
    return { value, from: froms.join(', ') || undefined };
  }

  private reference(expr: string, what: string): Value {
    // element(LIST, N) and LIST[N] over a list the importer knows
    const indexed = expr.match(/^element\(\s*(.+?)\s*,\s*(\d+)\s*\)$/) ?? expr.match(/^(.+?)\s*\[\s*(\d+)\s*\]$/);
    if (indexed) {
      const inner = this.reference(indexed[1], what);
      if (inner.list && inner.list.length > 0) {
        const value = inner.list[Number(indexed[2]) % inner.list.length];
        return { value, from: `${inner.from ?? indexed[1]}[${indexed[2]}]` };
      }
      return { unknown: inner.unknown ?? `${what} is the expression '${expr}', which cannot be resolved statically` };
    }
    const v = expr.match(/^var\.([A-Za-z_][\w-]*)$/);
    if (v) {
      const found = this.scope.vars.get(v[1]);
      if (!found) return { unknown: `${what} refers to undeclared variable '${v[1]}'` };
      if (found.list) return { list: found.list, from: found.from ?? `var.${v[1]}` };
      return found.value !== undefined
        ? { value: found.value, from: found.from ?? `var.${v[1]}` }
        : { unknown: `${what} comes from variable '${v[1]}', ${found.unknown ?? 'which has no default'}` };
    }
    const l = expr.match(/^local\.([A-Za-z_][\w-]*)$/);
    if (l) {
      const local = this.scope.locals.get(l[1]);
      if (!local) return { unknown: `${what} refers to undeclared local '${l[1]}'` };
      if (this.depth > 32) return { unknown: `${what}: local '${l[1]}' refers to itself` };
      this.depth++;
      try {
        const r = this.eval(local.raw, `local.${l[1]}`);
        const from = `local.${l[1]}${r.from ? ` ← ${r.from}` : ''}`;
        if (r.list) return { list: r.list, from };
        return r.value !== undefined ? { value: r.value, from } : r;
      } finally {
        this.depth--;
      }
    }
    return { unknown: `${what} is the expression '${expr}', which cannot be resolved statically` };
  }
}

/** `TYPE.NAME` references to managed resources of one provider inside a body, in order, with the argument path. */
function references(body: Record<string, unknown>, prefix: string | undefined): { key: string; path: string }[] {
  if (!prefix) return [];
  const out: { key: string; path: string }[] = [];
  const seen = new Set<string>();
  const re = new RegExp(`(^|[^\\w.])(${escapeRe(prefix)}[a-z0-9_]+)\\.([A-Za-z_][\\w-]*)`, 'g');
  const visit = (v: unknown, path: string, depth: number): void => {
    if (typeof v === 'string') {
      for (const expr of v.match(/\$\{[^}]*\}/g) ?? []) {
        for (const m of expr.matchAll(re)) {
          const key = `${m[2]}.${m[3]}`;
          if (!seen.has(key)) {
            seen.add(key);
            out.push({ key, path });
          }
        }
      }
    } else if (Array.isArray(v)) {
      for (const item of v) visit(item, path, depth);
    } else if (depth < 6) {
      for (const [k, item] of Object.entries(asObject(v) ?? {}))
        if (!NOT_LOCATION.has(k)) visit(item, path ? `${path}.${k}` : k, depth + 1);
    }
  };
  visit(body, '', 0);
  return out;
}

/**
 * The instances `count` / `for_each` create: their index keys (`0`, `"eu"`) when the importer can
 * evaluate the expression, an empty list for `count = 0` or an empty collection, undefined when it
 * cannot (then one service stands for every instance, and `why` says so).
 */
function instancesOf(
  evaluator: { eval(raw: unknown, what: string): Value },
  body: Record<string, unknown>,
  address: string,
): { keys?: string[]; why?: string } {
  if (body.count !== undefined) {
    const v = evaluator.eval(body.count, `${address} count`);
    const n = v.value !== undefined && /^\d+$/.test(v.value) ? Number(v.value) : undefined;
    if (n === undefined || n > 1000)
      return { why: `count = ${show(body.count)} is not evaluated: this service stands for every instance (repeated)` };
    return {
      keys: Array.from({ length: n }, (_, i) => String(i)),
      why: n === 0 ? 'count = 0 creates no instance' : `count = ${show(body.count)}${v.from ? ` (${v.from})` : ''}`,
    };
  }
  if (body.for_each !== undefined) {
    const raw = body.for_each;
    let keys: string[] | undefined;
    const obj = asObject(Array.isArray(raw) && raw.length === 1 ? raw[0] : raw);
    if (obj) keys = Object.keys(obj);
    else {
      // toset([...]) of literals, a literal list, or a list variable
      const inner = typeof raw === 'string' ? raw.match(/^\$\{\s*toset\(\s*(\[[^\]]*\])\s*\)\s*\}$/) : null;
      let parsed: unknown;
      try {
        parsed = inner ? JSON.parse(inner[1]) : undefined;
      } catch {
        parsed = undefined;
      }
      const v = Array.isArray(parsed) ? { list: parsed } : evaluator.eval(raw, `${address} for_each`);
      if (Array.isArray(v.list) && v.list.every((x) => typeof x === 'string')) keys = [...new Set(v.list as string[])];
    }
    if (!keys)
      return { why: `for_each = ${show(raw)} is not evaluated: this service stands for every instance (repeated)` };
    return {
      keys: keys.sort().map((k) => JSON.stringify(k)),
      why: keys.length === 0 ? 'for_each over an empty collection creates no instance' : `for_each = ${show(raw)}`,
    };
  }
  return {};
}

/** An expression as written (without the `${ }` hcl2json adds), for messages. */
function show(raw: unknown): string {
  const text = typeof raw === 'string' ? raw.replace(/^\$\{\s*|\s*\}$/g, '') : JSON.stringify(raw);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

function regionArguments(info: TerraformInfo | undefined): string[] {
  return [...new Set([...(info?.regionArguments ?? []), ...GENERIC_REGION_ARGUMENTS])];
}

function stringTags(raw: unknown): Record<string, string> | undefined {
  const obj = asObject(raw);
  if (!obj) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) if (typeof v === 'string' && !v.includes('${')) out[k] = v;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** `${alicloud.qingdao}` / `alicloud.qingdao` → `alicloud.qingdao`. */
function providerRef(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const s = raw.replace(/^\$\{\s*|\s*\}$/g, '').trim();
  return /^[A-Za-z][\w-]*(\.[A-Za-z][\w-]*)?$/.test(s) ? s : undefined;
}

export function importTerraform(
  root: TerraformModule,
  options: ImportOptions,
  meta: { file: string; sha256: string },
): ImportedFragment {
  const { catalog } = options;
  const vendors = new VendorSet();
  const diagnostics: Diagnostic[] = [];
  const table = classificationTable(options.map);
  const unknownProviders = new Set<string>();
  /** Constructs read but not turned into services, for the import result. */
  const skipped: string[] = [];
  const vendorSource = new Map<string, Service['source']>();

  const vendorFor = (provider: Provider): string => {
    vendors.vendor(provider.id, () => providerVendor(catalog, provider));
    return provider.id;
  };

  const rootScope = newScope(root, '', new Map(), undefined, undefined);

  function newScope(
    module: TerraformModule,
    prefix: string,
    callerVars: Map<string, Value>,
    inherited: Map<string, ProviderConfig> | undefined,
    parentLocalNames: Map<string, Provider | null> | undefined,
  ): Scope {
    const scope: Scope = {
      module,
      prefix,
      vars: new Map(),
      locals: new Map(),
      providers: new Map(inherited ?? []),
      localNames: new Map(parentLocalNames ?? []),
    };
    // required_providers: local name → source
    for (const file of module.files) {
      for (const tf of (Array.isArray(file.json.terraform) ? file.json.terraform : []) as unknown[]) {
        for (const rp of (asObject(tf)?.required_providers ?? []) as unknown[]) {
          for (const [local, spec] of Object.entries(asObject(rp) ?? {})) {
            const source = typeof spec === 'string' ? undefined : asObject(spec)?.source;
            const p = typeof source === 'string' ? providerBySource(catalog, source) : undefined;
            scope.localNames.set(local, p ?? providerByLocalName(catalog, local) ?? null);
          }
        }
      }
    }
    const tfvars = new Map<string, Value>();
    // later sources win: terraform.tfvars, *.auto.tfvars, --var-file, then --var (root module only)
    const given = (k: string, v: unknown, from: string): void => {
      if (typeof v === 'number' || typeof v === 'boolean') tfvars.set(k, { value: String(v), from });
      else if (typeof v === 'string' && !v.includes('${')) tfvars.set(k, { value: v, from });
      else if (Array.isArray(v) && v.every((x) => typeof x === 'string' && !x.includes('${')))
        tfvars.set(k, { list: v as string[], from });
      else tfvars.set(k, { unknown: `which ${from} sets to a value that is not a literal string or list`, from });
    };
    for (const f of module.tfvars ?? []) for (const [k, v] of Object.entries(f.json)) given(k, v, f.file);
    if (prefix === '') for (const v of options.vars ?? []) given(v.name, v.value, `--var ${v.name}`);
    for (const { name, block } of blocks1(module.files, 'variable')) {
      const given = callerVars.get(name) ?? tfvars.get(name);
      if (given) {
        scope.vars.set(name, given.value !== undefined ? { ...given, from: given.from ?? `var.${name}` } : given);
        continue;
      }
      const def = block.body.default;
      if (typeof def === 'string' && !def.includes('${'))
        scope.vars.set(name, { value: def, from: `var.${name} default` });
      else if (Array.isArray(def) && def.every((d) => typeof d === 'string' && !d.includes('${')))
        scope.vars.set(name, { list: def as string[], from: `var.${name} default` });
      else if (def === undefined || def === null) scope.vars.set(name, { unknown: 'which has no default' });
      else scope.vars.set(name, { unknown: 'whose default is not a literal string' });
    }
    for (const file of module.files) {
      for (const locals of (Array.isArray(file.json.locals) ? file.json.locals : []) as unknown[]) {
        for (const [k, v] of Object.entries(asObject(locals) ?? {})) scope.locals.set(k, { raw: v, file });
      }
    }
    // this module's own provider blocks
    const evaluator = new Evaluator(scope);
    for (const { name: local, block } of blocks1(module.files, 'provider')) {
      const provider = providerForLocal(scope, local);
      if (!provider) continue;
      const alias = typeof block.body.alias === 'string' ? block.body.alias : undefined;
      const key = alias ? `${local}.${alias}` : local;
      const pos = locateProvider(block.file.text, local, alias);
      const where = `provider ${key} (${block.file.file}:${pos.line})`;
      const cfg: ProviderConfig = { provider, key, inferred: [], where };
      const args = regionArguments(provider.terraform);
      let found = false;
      for (const arg of args) {
        if (!(arg in block.body)) continue;
        found = true;
        const v = evaluator.eval(block.body[arg], `provider ${key} ${arg}`);
        if (v.value === undefined) {
          cfg.regionUnknown = v.unknown;
        } else {
          const r = resolveRegion(catalog, provider.id, v.value, `provider ${key} ${arg}`);
          cfg.region = r.region;
          cfg.regionUnknown = r.unknown;
          if (r.inferred) cfg.inferred.push(r.inferred);
          if (r.region && v.from)
            cfg.inferred.push({ fact: `region ${r.region}`, from: `${where}: ${arg} = ${v.from}` });
        }
        break;
      }
      if (!found) {
        cfg.regionUnknown = `${where} sets no ${args[0]}${provider.terraform?.regionEnv ? `; Terraform would read ${provider.terraform.regionEnv} from the environment` : ''}`;
        applyProviderDefault(cfg);
      }
      const envRaw = block.body.environment;
      if (envRaw !== undefined) {
        const env = evaluator.eval(envRaw, `provider ${key} environment`);
        const known = env.value ? provider.terraform?.environments?.[env.value.toLowerCase()] : undefined;
        if (env.value && known) cfg.environment = { name: env.value.toLowerCase(), ...known };
        else if (env.value === undefined) cfg.regionUnknown ??= env.unknown;
      }
      scope.providers.set(key, cfg);
      if (!vendorSource.has(provider.id)) vendorSource.set(provider.id, { file: block.file.file, ...pos });
    }
    return scope;
  }

  function providerForLocal(scope: Scope, local: string): Provider | undefined {
    if (scope.localNames.has(local)) return scope.localNames.get(local) ?? undefined;
    return providerByLocalName(catalog, local);
  }

  /** A provider configuration that sets no region: the region the provider documents as its default, if any. */
  function applyProviderDefault(cfg: ProviderConfig): void {
    const d = catalog.providerDefaults.get(cfg.provider.id);
    if (!d || !catalog.regionIndex.get(cfg.provider.id)?.has(d.region)) return;
    cfg.region = d.region;
    cfg.regionUnknown = undefined;
    cfg.inferred.push({
      fact: `region ${d.region}`,
      from: `${cfg.where} sets no ${d.argument ?? 'region'}; the provider's documented default${d.env ? ` when ${d.env} is not set in the environment` : ''} is ${d.region} (${d.source}, as of ${d.asOf})`,
    });
  }

  function implicitConfig(scope: Scope, key: string): ProviderConfig | undefined {
    const local = key.split('.')[0];
    const provider = providerForLocal(scope, local);
    if (!provider) return undefined;
    const env = provider.terraform?.regionEnv;
    if (!key.includes('.') && catalog.providerDefaults.has(provider.id)) {
      const cfg: ProviderConfig = { provider, key, inferred: [], where: `provider ${key} (no provider block)` };
      applyProviderDefault(cfg);
      if (cfg.region) return cfg;
    }
    return {
      provider,
      key,
      inferred: [],
      where: `provider ${key}`,
      regionUnknown: key.includes('.')
        ? `provider configuration '${key}' is not declared in ${scope.module.dir}`
        : `no provider "${local}" block configures a region${env ? `; Terraform would read ${env} from the environment` : ''}`,
    };
  }

  interface ResourceEntry {
    type: string;
    block: Block;
    cfg: ProviderConfig;
    address: string;
    pos: { line: number; column: number };
    located?: Located;
  }

  function walk(scope: Scope): void {
    const evaluator = new Evaluator(scope);
    const entries: ResourceEntry[] = [];
    const byKey = new Map<string, ResourceEntry>();
    for (const { type, name, block } of blocks2(scope.module.files, 'resource')) {
      const key = providerRef(block.body.provider) ?? type.split('_')[0];
      const local = key.split('.')[0];
      const cfg = scope.providers.get(key) ?? implicitConfig(scope, key);
      const pos = locateBlock(block.file.text, 'resource', [type, name]);
      if (!cfg) {
        skipped.push(
          `${scope.prefix}${type}.${name}: ${UTILITY.has(local) ? `Terraform utility provider '${local}' hosts nothing` : `provider '${local}' is not in the catalogue`}`,
        );
        if (!UTILITY.has(local) && !unknownProviders.has(local)) {
          unknownProviders.add(local);
          diagnostics.push(
            warning(
              'W_IMPORT_PROVIDER',
              `Terraform provider '${local}' is not in the catalogue; its resources (e.g. ${type}.${name}) are not imported`,
              block.file.file,
              pos.line,
              pos.column,
            ),
          );
        }
        continue;
      }
      const entry: ResourceEntry = { type, block, cfg, address: `${scope.prefix}${type}.${name}`, pos };
      entries.push(entry);
      if (!byKey.has(`${type}.${name}`)) byKey.set(`${type}.${name}`, entry);
    }
    const locator = new Locator(evaluator, byKey);
    for (const entry of entries) {
      const instances = instancesOf(evaluator, entry.block.body, entry.address);
      if (instances.keys?.length === 0) {
        skipped.push(`${entry.address}: ${instances.why}`);
        continue;
      }
      const service = resourceService(entry, locator.locate(entry));
      const vendorId = vendorFor(entry.cfg.provider);
      if (!vendorSource.has(vendorId)) vendorSource.set(vendorId, service.source);
      if (!instances.keys) {
        vendors.addService(vendorId, {
          ...service,
          unknowns: uniqueSorted([...(service.unknowns ?? []), ...(instances.why ? [instances.why] : [])]),
        });
        continue;
      }
      for (const key of instances.keys) {
        const address = `${entry.address}[${key}]`;
        vendors.addService(vendorId, {
          ...service,
          id: serviceIdOf(address),
          name: address,
          inferred: [...(service.inferred ?? []), { fact: `instance ${key}`, from: instances.why ?? entry.address }],
        });
      }
    }
    const dataSources = blocks2(scope.module.files, 'data').length;
    if (dataSources > 0)
      skipped.push(
        `${scope.prefix || 'root module: '}${dataSources} data source${dataSources === 1 ? '' : 's'} (they read, and create nothing)`,
      );
    for (const { name, block } of blocks1(scope.module.files, 'module')) {
      const pos = locateBlock(block.file.text, 'module', [name]);
      const source = typeof block.body.source === 'string' ? block.body.source : '';
      const address = `${scope.prefix}module.${name}`;
      // variables passed to the module, evaluated in the caller's scope
      const callerVars = new Map<string, Value>();
      for (const [k, v] of Object.entries(block.body)) {
        if (['source', 'version', 'providers', 'count', 'for_each', 'depends_on'].includes(k)) continue;
        const ev = evaluator.eval(v, `${address} argument ${k}`);
        callerVars.set(
          k,
          ev.list
            ? { list: ev.list, from: `${address}.${k}` }
            : ev.value !== undefined
              ? { value: ev.value, from: `${address}.${k}` }
              : { unknown: ev.unknown },
        );
      }
      // provider configurations handed to the module
      const passed = new Map<string, ProviderConfig>();
      const providersArg = asObject(block.body.providers);
      if (providersArg) {
        for (const [childKey, ref] of Object.entries(providersArg)) {
          const parentKey = providerRef(ref);
          const cfg = parentKey ? (scope.providers.get(parentKey) ?? implicitConfig(scope, parentKey)) : undefined;
          if (cfg) passed.set(childKey, { ...cfg, key: childKey, where: `${cfg.where} passed to ${address}` });
        }
      } else {
        for (const [k, cfg] of scope.providers) if (!k.includes('.')) passed.set(k, cfg);
      }
      const child = scope.module.children[name];
      if (child) {
        const childScope = newScope(child, `${address}.`, callerVars, passed, scope.localNames);
        walk(childScope);
        continue;
      }
      const local = /^\.\.?\//.test(source);
      const missing = scope.module.missing?.[name];
      // unavailable module: one service per provider configuration it uses
      let configs = [...passed.values()];
      let from: string | undefined;
      if (providersArg) from = 'providers = { … }';
      else if (local) {
        // a local module inherits the caller's default provider configurations
        if (configs.length === 0) configs = declaredDefaults(scope);
        from = 'the default provider configuration the module inherits';
      } else {
        // registry address namespace/name/provider names the provider
        const registry = source.match(/^(?:[\w.-]+\/)?[\w-]+\/[\w-]+\/([\w-]+)(?:\/\/.*)?$/);
        const localName = registry?.[1];
        const p = localName ? providerForLocal(scope, localName) : undefined;
        configs = p
          ? [scope.providers.get(localName as string) ?? (implicitConfig(scope, localName as string) as ProviderConfig)]
          : [];
        from = `module source '${source}'`;
      }
      const why = local
        ? `local module '${source}' could not be read (${missing ?? 'the folder is outside the input or nested too deep'})`
        : `module source '${source}' is not available locally`;
      if (configs.length === 0) {
        skipped.push(`${address}: ${why}, and it names no provider`);
        diagnostics.push(
          warning(
            'W_IMPORT_MODULE',
            `module '${name}': ${why}, and no provider configuration says who runs its resources; they are not imported`,
            block.file.file,
            pos.line,
            pos.column,
          ),
        );
        continue;
      }
      if (local) {
        diagnostics.push(
          warning(
            'W_IMPORT_MODULE',
            `module '${name}': ${why}; recorded as one service per provider with what it stores unknown`,
            block.file.file,
            pos.line,
            pos.column,
          ),
        );
      }
      const seen = new Set<string>();
      for (const cfg of configs) {
        if (seen.has(cfg.provider.id)) continue;
        seen.add(cfg.provider.id);
        const hosting = hostingOf(cfg, undefined);
        const service: Service = tidyService({
          id: address,
          name: address,
          provider: cfg.provider.id,
          regions: hosting.regions,
          countries: hosting.countries,
          source: { file: block.file.file, line: pos.line, column: pos.column },
          inferred: [...hosting.inferred, { fact: `provider ${cfg.provider.id}`, from: `${cfg.where} (${from})` }],
          unknowns: [...hosting.unknowns, `${why}; what its resources store is unknown`],
        });
        const vendorId = vendorFor(cfg.provider);
        if (!vendorSource.has(vendorId)) vendorSource.set(vendorId, service.source);
        vendors.addService(vendorId, service);
      }
    }
  }

  /** Unaliased provider configurations of a module: its provider blocks, else its required_providers. */
  function declaredDefaults(scope: Scope): ProviderConfig[] {
    const out = [...scope.providers].filter(([k]) => !k.includes('.')).map(([, c]) => c);
    if (out.length > 0) return out;
    for (const local of scope.localNames.keys()) {
      const cfg = implicitConfig(scope, local);
      if (cfg) out.push(cfg);
    }
    return out;
  }

  function hostingOf(
    cfg: ProviderConfig,
    own: { regions: string[]; inferred: Inference[] } | undefined,
  ): { regions: string[]; countries: string[]; inferred: Inference[]; unknowns: string[] } {
    const inferred: Inference[] = [];
    const unknowns: string[] = [];
    let regions: string[];
    if (own) {
      regions = [...own.regions];
      inferred.push(...own.inferred);
    } else {
      regions = cfg.region ? [cfg.region] : [];
      inferred.push(...cfg.inferred.map((x) => ({ ...x })));
      if (cfg.region && !cfg.inferred.some((x) => x.fact === `region ${cfg.region}`))
        inferred.push({ fact: `region ${cfg.region}`, from: cfg.where });
      else if (!cfg.region && cfg.regionUnknown) unknowns.push(cfg.regionUnknown);
    }
    const countries: string[] = [];
    const env = cfg.environment;
    if (env) {
      if (env.country) {
        countries.push(env.country);
        inferred.push({ fact: `country ${env.country}`, from: `${cfg.where}: environment = "${env.name}"` });
      }
      if (env.regions) {
        for (const region of regions.filter((r) => !env.regions?.includes(r)))
          unknowns.push(`location '${region}' is not a region of the '${env.name}' environment`);
        regions = regions.filter((r) => env.regions?.includes(r));
      }
    }
    return { regions, countries, inferred, unknowns };
  }

  /**
   * Where a resource is: its own location arguments (top level and nested blocks), else the resource
   * it refers to (followed with cycle protection), else its provider configuration. Expressions that
   * cannot be evaluated are recorded, and do not hide the provider's region.
   */
  class Locator {
    private readonly stack = new Set<string>();
    /** Set when a reference was skipped because it closes a cycle: results found meanwhile are not cached. */
    private cycleCut = false;

    constructor(
      private readonly evaluator: Evaluator,
      private readonly resources: Map<string, ResourceEntry>,
    ) {}

    locate(entry: ResourceEntry): Located {
      if (entry.located) return entry.located;
      const own = this.own(entry);
      let result: Located | undefined;
      if (own.regions.length > 0) {
        result = hostingOf(entry.cfg, own);
        result.unknowns.push(...own.regionUnknowns);
      } else if (own.regionUnknowns.length > 0) {
        result = { regions: [], countries: [], inferred: [], unknowns: own.regionUnknowns };
      } else {
        this.stack.add(entry.address);
        for (const ref of references(entry.block.body, entry.cfg.provider.terraform?.prefix)) {
          const target = this.resources.get(ref.key);
          if (!target || target === entry) continue;
          if (this.stack.has(target.address)) {
            this.cycleCut = true;
            continue;
          }
          const there = this.locate(target);
          if (there.regions.length === 0) continue;
          result = {
            regions: [...there.regions],
            countries: [...there.countries],
            inferred: [
              {
                fact: `region ${there.regions.join(', ')}`,
                from: `${entry.address} ${ref.path} refers to ${target.address}, located there`,
              },
              ...there.inferred,
            ],
            unknowns: [...there.unknowns],
          };
          break;
        }
        this.stack.delete(entry.address);
        if (!result) {
          result = hostingOf(entry.cfg, undefined);
          if (own.notes.length > 0) {
            if (result.regions.length > 0) {
              result.inferred.push({
                fact: `region ${result.regions.join(', ')}`,
                from: `${own.notes.join('; ')}: the resource is in its provider's region (${entry.cfg.where})`,
              });
            } else result.unknowns.push(...own.notes);
          }
        }
      }
      // cache what does not depend on a cycle cut short higher up the reference chain
      if (!this.cycleCut) entry.located = result;
      if (this.stack.size === 0) this.cycleCut = false;
      return result;
    }

    private own(entry: ResourceEntry): {
      regions: string[];
      inferred: Inference[];
      regionUnknowns: string[];
      notes: string[];
    } {
      const provider = entry.cfg.provider;
      const regionKeys = new Set([...REGION_KEYS, ...(provider.terraform?.regionArguments ?? [])]);
      const regions = new Set<string>();
      const inferred: Inference[] = [];
      const regionUnknowns: string[] = [];
      const notes: string[] = [];
      for (const arg of locationArguments(entry.block.body, regionKeys)) {
        const kind = regionKeys.has(arg.key) ? 'region' : 'zone';
        const at = locateKey(entry.block.file.text, entry.pos, arg.key);
        const label = `${entry.address} ${arg.path}${at ? ` (${entry.block.file.file}:${at.line})` : ''}`;
        const v = this.evaluator.eval(arg.raw, `${entry.address} ${arg.path}`);
        const values = v.list ?? (v.value !== undefined ? [v.value] : []);
        if (values.length === 0) {
          if (v.list) continue;
          const text = typeof arg.raw === 'string' ? arg.raw.replace(/^\$\{\s*|\s*\}$/g, '') : 'a nested value';
          if (kind === 'region' && /\b(var|local)\./.test(text))
            regionUnknowns.push(v.unknown ?? `${label} cannot be evaluated`);
          else notes.push(`${entry.address} ${arg.path} = ${text} was not evaluated`);
          continue;
        }
        for (const value of values) {
          if (!value.trim()) continue;
          const r = resolveRegion(catalog, provider.id, value, label);
          if (r.region) {
            regions.add(r.region);
            if (r.inferred) inferred.push(r.inferred);
            if (v.from) inferred.push({ fact: `region ${r.region}`, from: `${label} = ${v.from}` });
            else if (!r.inferred) inferred.push({ fact: `region ${r.region}`, from: label });
          } else if (kind === 'region') regionUnknowns.push(r.unknown ?? `${label} '${value}' is not a known region`);
          else notes.push(`${label} '${value}' is not a zone the catalogue maps to a region`);
        }
      }
      return { regions: [...regions].sort(), inferred, regionUnknowns, notes };
    }
  }

  function resourceService(entry: ResourceEntry, hosting: Located): Service {
    const { type, block, address, pos } = entry;
    const tags = stringTags(block.body.tags) ?? stringTags(block.body.labels);
    const stored = storageOf(catalog, table, entry.cfg.provider, type, address, tags);
    const inferred = [...hosting.inferred.map((x) => ({ ...x })), ...stored.inferred];
    const unknowns = [...hosting.unknowns, ...stored.unknowns];
    return tidyService({
      id: serviceIdOf(address),
      name: address,
      provider: entry.cfg.provider.id,
      regions: hosting.regions,
      countries: hosting.countries,
      resourceType: type,
      storesData: stored.storesData,
      data: stored.data,
      source: { file: block.file.file, line: pos.line, column: pos.column },
      inferred,
      unknowns: uniqueSorted(unknowns),
      tags,
    });
  }

  walk(rootScope);

  const vendorList = vendors.list().map(({ services, ...v }) => ({
    ...v,
    source: vendorSource.get(v.id) ?? v.source,
    services,
  }));
  return {
    file: meta.file,
    sha256: meta.sha256,
    format: 'terraform',
    inventory: emptyInventory(options, vendorList),
    diagnostics,
    skipped: uniqueSorted(skipped),
  };
}

function locateProvider(text: string, local: string, alias: string | undefined): { line: number; column: number } {
  if (!alias) return locateBlock(text, 'provider', [local]);
  // the block whose body sets this alias
  const re = new RegExp(`alias\\s*=\\s*"${escapeRe(alias)}"`);
  const m = re.exec(text);
  if (!m) return locateBlock(text, 'provider', [local]);
  const before = text.slice(0, m.index);
  const header = new RegExp(`provider\\s*(?:"${escapeRe(local)}"|${escapeRe(local)})\\s*\\{`, 'g');
  let last: RegExpExecArray | null = null;
  for (let h = header.exec(before); h; h = header.exec(before)) last = h;
  const lines = textIndex(text).lines;
  return lines.position(last ? last.index : m.index);
}
