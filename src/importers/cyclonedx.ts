/**
 * CycloneDX (JSON and XML, spec 1.2–1.6) `services` → canonical inventory. Pure.
 *
 * One vendor per `service.provider.name` (or one per BOM when a service names no provider). Each
 * service (nested `services` included) keeps its provider, endpoints (host names matched against
 * catalogue provider `domains`; a known region id inside the host name gives the region), trust
 * zone and data classifications (1.2–1.4 `data: [{flow, classification}]`, 1.5+ `data: [{name,
 * classification, governance, source, destination}]`, XML `<dataflow>`).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Provider } from '../catalog/types.js';
import type { Diagnostic, Inference, Service } from '../model/types.js';
import { LineIndex } from '../parse/line-index.js';
import { type ParsedDocument, sha256 } from '../parse/parse.js';
import { slug } from '../util/text.js';
import {
  asObj,
  classificationTable,
  dataFromLabels,
  emptyInventory,
  type ImportedFragment,
  type ImportOptions,
  importError,
  type Obj,
  positionOf,
  providerByHostname,
  providerVendor,
  regionInHostname,
  resolveCompany,
  serviceIdOf,
  subprocessorIn,
  subprocessorProvider,
  tidyService,
  VendorSet,
} from './common.js';

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const text = (v: unknown): string | undefined => {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number') return String(v);
  const o = asObj(v);
  return o && typeof o['#text'] === 'string' ? (o['#text'] as string).trim() || undefined : undefined;
};

/** Where a service is in the source: JSON pointer, or (XML) an approximate line found by search. */
type Locator = (service: Obj, pointer: string) => { line: number; column: number; pointer?: string };

interface RawService {
  service: Obj;
  pointer: string;
}

/** Services (or components), nested ones included: JSON arrays, or XML `<services><service>` wrappers. */
function collectNested(bom: Obj, key: 'services' | 'components', item: 'service' | 'component'): RawService[] {
  const out: RawService[] = [];
  const visit = (list: unknown, pointer: string, depth: number): void => {
    if (depth > 32) return;
    asArray(list).forEach((s, i) => {
      const o = asObj(s);
      if (!o) return;
      const p = Array.isArray(list) ? `${pointer}/${i}` : pointer;
      out.push({ service: o, pointer: p });
      const nested = asObj(o[key])?.[item] ?? o[key];
      if (nested !== undefined) visit(nested, `${p}/${key}`, depth + 1);
    });
  };
  const top = asObj(bom[key])?.[item] ?? bom[key];
  visit(top, `/${key}`, 0);
  return out;
}

const collectServices = (bom: Obj): RawService[] => collectNested(bom, 'services', 'service');

/** A company the catalogue knows (provider, entity, or a catalogued sub-processor), as a service provider. */
function knownCompany(
  catalog: ImportOptions['catalog'],
  company: string,
): { providerId?: string; provider: Service['provider']; inferred: Inference } | undefined {
  const r = resolveCompany(catalog, company);
  if (r.provider)
    return {
      providerId: r.provider,
      provider: r.provider,
      inferred: { fact: `provider ${r.provider}`, from: `supplier '${company}' (catalogue aliases)` },
    };
  if (r.entity)
    return {
      provider: { name: company, parent: r.entity },
      inferred: { fact: `entity ${r.entity}`, from: `supplier '${company}' (catalogue entities)` },
    };
  const named = subprocessorIn(catalog, company);
  return named && subprocessorProvider(catalog, company, named, `supplier '${company}'`);
}

function classificationsOf(service: Obj): string[] {
  const labels: string[] = [];
  const data = service.data;
  // XML: <data><classification flow="…">PII</classification>… or <data><dataflow><classification>…
  const xmlData = asObj(data);
  const items: unknown[] = xmlData
    ? [...asArray(xmlData.classification).map((c) => ({ classification: c })), ...asArray(xmlData.dataflow)]
    : asArray(data);
  for (const item of items) {
    const o = asObj(item);
    if (!o) continue;
    for (const c of asArray(o.classification)) {
      const t = text(c);
      if (t) labels.push(t);
    }
    const flow = asObj(o.dataflow);
    if (flow)
      for (const c of asArray(flow.classification)) {
        const t = text(c);
        if (t) labels.push(t);
      }
  }
  return labels;
}

function endpointsOf(service: Obj): string[] {
  const e = asObj(service.endpoints)?.endpoint ?? service.endpoints;
  return asArray(e)
    .map(text)
    .filter((x): x is string => !!x);
}

function hostOf(endpoint: string): string | undefined {
  try {
    return new URL(endpoint.includes('://') ? endpoint : `https://${endpoint}`).hostname || undefined;
  } catch {
    return undefined;
  }
}

function importBom(bom: Obj, file: string, digest: string, locate: Locator, options: ImportOptions): ImportedFragment {
  const { catalog } = options;
  const table = classificationTable(options.map);
  const vendors = new VendorSet();
  const diagnostics: Diagnostic[] = [];
  const component = asObj(asObj(bom.metadata)?.component);
  const bomName = text(component?.name) ?? file.split(/[\\/]/).pop() ?? 'bom';

  for (const { service, pointer } of collectServices(bom)) {
    const name = text(service.name) ?? text(service['@_bom-ref']) ?? text(service['bom-ref']) ?? 'service';
    const ref = text(service['bom-ref']) ?? text(service['@_bom-ref']);
    const providerName = text(asObj(service.provider)?.name);
    const inferred: Inference[] = [];
    const unknowns: string[] = [];
    const loc = locate(service, pointer);
    const source = {
      file,
      line: loc.line,
      column: loc.column,
      ...(loc.pointer !== undefined ? { pointer: loc.pointer } : {}),
    };

    // provider: by name through catalogue aliases, else by endpoint host name
    let providerId = providerName ? resolveCompany(catalog, providerName).provider : undefined;
    const endpoints = endpointsOf(service);
    const hosts = endpoints.map(hostOf).filter((h): h is string => !!h);
    if (!providerId) {
      for (const h of hosts) {
        const p = providerByHostname(catalog, h);
        if (p) {
          providerId = p.id;
          inferred.push({ fact: `provider ${p.id}`, from: `endpoint host ${h} (catalogue domains)` });
          break;
        }
      }
    }
    const regions = new Set<string>();
    if (providerId) {
      for (const h of hosts) {
        const r = regionInHostname(catalog, providerId, h);
        if (r) {
          regions.add(r);
          inferred.push({ fact: `region ${r}`, from: `endpoint host ${h}` });
        }
      }
      if (regions.size === 0) unknowns.push('no endpoint names a region of the provider');
    } else {
      unknowns.push(
        providerName
          ? `provider '${providerName}' is not in the catalogue: its country and hosting location are unknown`
          : 'the service names no provider and no endpoint matches a catalogue provider',
      );
    }
    const labels = classificationsOf(service);
    const d = dataFromLabels(table, labels, 'CycloneDX classification');
    inferred.push(...d.inferred);
    unknowns.push(...d.unknowns);
    if (labels.length === 0) unknowns.push('the service declares no data classification');
    const trustZone = text(service.trustZone);
    const tags: Record<string, string> = {};
    if (trustZone) tags.trustZone = trustZone;
    if (ref) tags['bom-ref'] = ref;

    const vendorKey = providerId ?? (providerName ? slug(providerName, 'vendor') : slug(bomName, 'vendor'));
    const vendorName = providerId ? (catalog.providers.get(providerId)?.name ?? providerId) : (providerName ?? bomName);
    vendors.vendor(vendorKey, () => {
      const base = providerId
        ? providerVendor(catalog, catalog.providers.get(providerId) as Provider)
        : { id: vendorKey, name: vendorName };
      const aliases = [...(base.aliases ?? []), ...(providerName && providerName !== vendorName ? [providerName] : [])];
      return { ...base, ...(aliases.length > 0 ? { aliases } : {}), source };
    });
    vendors.addService(
      vendorKey,
      tidyService({
        id: serviceIdOf(ref ?? name),
        name,
        description: text(service.description),
        provider: providerId ?? { name: providerName ?? bomName },
        regions: [...regions].sort(),
        data: labels.length > 0 ? d.data : [{ category: 'unknown' }],
        source,
        inferred,
        unknowns,
        tags,
      } as Service),
    );
  }
  // components (libraries, applications, models …) whose supplier, manufacturer or publisher the catalogue knows
  const skipped: string[] = [];
  let componentsRead = 0;
  let unknownSuppliers = 0;
  for (const { service: comp, pointer } of collectNested(bom, 'components', 'component')) {
    componentsRead++;
    const name = text(comp.name) ?? 'component';
    const ref = text(comp['bom-ref']) ?? text(comp['@_bom-ref']);
    const company =
      text(asObj(comp.supplier)?.name) ??
      text(asObj(comp.manufacturer)?.name) ??
      text(comp.publisher) ??
      text(comp.author);
    const known = company ? knownCompany(catalog, company) : undefined;
    if (!known) {
      unknownSuppliers++;
      continue;
    }
    const loc = locate(comp, pointer);
    const source = {
      file,
      line: loc.line,
      column: loc.column,
      ...(loc.pointer !== undefined ? { pointer: loc.pointer } : {}),
    };
    const vendorKey = known.providerId ?? slug(company as string, 'vendor');
    vendors.vendor(vendorKey, () =>
      known.providerId
        ? { ...providerVendor(catalog, catalog.providers.get(known.providerId) as Provider), source }
        : { id: vendorKey, name: company as string, source },
    );
    const type = text(comp.type) ?? text(comp['@_type']) ?? 'component';
    vendors.addService(
      vendorKey,
      tidyService({
        id: serviceIdOf(`component:${ref ?? name}`),
        name: `${name}${text(comp.version) ? ` ${text(comp.version)}` : ''}`,
        provider: known.provider,
        resourceType: `cyclonedx-component:${type}`,
        data: [{ category: 'unknown' }],
        source,
        inferred: [known.inferred],
        unknowns: [
          `${type} '${name}' comes from ${company}; whether it sends data to its supplier, and where, is unknown`,
        ],
      } as Service),
    );
  }
  if (unknownSuppliers > 0)
    skipped.push(
      `${unknownSuppliers} of ${componentsRead} component${componentsRead === 1 ? '' : 's'}: no supplier, manufacturer or publisher the catalogue knows`,
    );
  if (vendors.list().length === 0) {
    diagnostics.push({
      code: 'W_IMPORT_EMPTY',
      severity: 'warning',
      message: 'the BOM has no services and no components from a supplier the catalogue knows; nothing was imported',
      file,
      line: 1,
      column: 1,
    });
  }
  return {
    file,
    sha256: digest,
    format: 'cyclonedx',
    inventory: emptyInventory(options, vendors.list()),
    diagnostics,
    skipped,
  };
}

export function importCycloneDxJson(doc: ParsedDocument, options: ImportOptions): ImportedFragment {
  const bom = asObj(doc.data);
  if (!bom || (bom.services !== undefined && !Array.isArray(bom.services))) {
    const pos = doc.locate(bom ? '/services' : '') ?? { line: 1, column: 1 };
    throw importError(
      'E_IMPORT_SHAPE',
      doc.file,
      pos.line,
      pos.column,
      'CycloneDX `services` must be an array',
      undefined,
      'a CycloneDX BOM',
    );
  }
  return importBom(
    bom,
    doc.file,
    doc.sha256,
    (_s, pointer) => ({ ...(doc.locate(pointer) ?? { line: 1, column: 1 }), pointer }),
    options,
  );
}

/**
 * CycloneDX XML. Refuses DTDs that declare entities (entity expansion, external entities) before
 * parsing, and never expands entities. Services are located by a text search for their bom-ref
 * attribute, else their `<name>` (an approximation: the first match after the previous service).
 */
export function importCycloneDxXml(body: string, file: string, options: ImportOptions): ImportedFragment {
  const entity = /<!ENTITY/i.exec(body);
  const doctype = /<!DOCTYPE[^>[]*(\[|SYSTEM|PUBLIC)/i.exec(body);
  const bad = entity ?? doctype;
  if (bad) {
    const pos = positionOf(body, bad.index);
    throw importError(
      'E_XML_ENTITY',
      file,
      pos.line,
      pos.column,
      entity
        ? 'XML entity declarations are refused (entity expansion / external entities)'
        : 'XML document type declarations with a DTD are refused',
      'Remove the <!DOCTYPE …> declaration; CycloneDX needs none',
      'a CycloneDX XML document without a DTD',
    );
  }
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    throw importError(
      'E_PARSE',
      file,
      valid.err.line,
      valid.err.col,
      `invalid XML: ${valid.err.msg}`,
      undefined,
      'well-formed XML',
    );
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    processEntities: false,
    htmlEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    removeNSPrefix: true,
    parseTagValue: false,
    isArray: (name) => ['service', 'component', 'endpoint', 'classification', 'dataflow', 'url'].includes(name),
  });
  let raw: unknown;
  try {
    raw = parser.parse(body);
  } catch (error) {
    // the validator passes some malformed prologs (`<?xml ver&a 1.0"?>`) that the parser then rejects
    const message = (error as Error).message ?? String(error);
    const at = /line:?\s*(\d+)/i.exec(message);
    throw importError(
      'E_PARSE',
      file,
      at ? Number(at[1]) : 1,
      1,
      `invalid XML: ${message}`,
      undefined,
      'well-formed XML',
    );
  }
  const parsed = asObj(raw);
  const bom = asObj(parsed?.bom);
  if (!bom)
    throw importError('E_IMPORT_SHAPE', file, 1, 1, 'the XML root element is not <bom>', undefined, 'a CycloneDX BOM');
  // normalise XML attributes: bom-ref
  const normalise = (list: unknown, depth: number): void => {
    if (depth > 32) return;
    for (const s of asArray(list)) {
      const o = asObj(s);
      if (!o) continue;
      if (o['@_bom-ref'] !== undefined) o['bom-ref'] = o['@_bom-ref'];
      const nested = asObj(o.services)?.service;
      if (nested !== undefined) normalise(nested, depth + 1);
    }
  };
  normalise(asObj(bom.services)?.service, 0);
  // where each service's `bom-ref` attribute or `<name>` element is, found in one pass over the text: each service
  // takes the first occurrence of its needles after the previous service's (the services in document order), so
  // locating every service is linear, on one line as on many (before: a scan of the lines left per service, and
  // every service after the first on line 1 of a one-line document went unlocated)
  const lineIndex = new LineIndex(body);
  const needles = new Map<string, { at: number[]; next: number }>();
  for (const m of body.matchAll(/bom-ref="[^"]*"|bom-ref='[^']*'|<name>[^<]*<\/name>/g)) {
    const list = needles.get(m[0]);
    if (list === undefined) needles.set(m[0], { at: [m.index], next: 0 });
    else list.at.push(m.index);
  }
  let cursor = 0;
  const locate: Locator = (service) => {
    const ref = text(service['bom-ref']);
    const name = text(service.name);
    const wanted = [
      ...(ref ? [`bom-ref="${ref}"`, `bom-ref='${ref}'`] : []),
      ...(name ? [`<name>${name}</name>`] : []),
    ];
    for (const needle of wanted) {
      const found = needles.get(needle);
      if (found === undefined) continue;
      // the cursor only moves forward, and so does each needle's place in its list
      while (found.next < found.at.length && found.at[found.next] < cursor) found.next++;
      if (found.next === found.at.length) continue;
      const at = found.at[found.next];
      cursor = at + needle.length;
      const { line, column } = lineIndex.position(at);
      // prefer the <service> tag's column when the match is the attribute on it (no '<' inside a tag)
      const tag = body.lastIndexOf('<', at);
      const lineStart = at - (column - 1);
      return { line, column: (tag >= lineStart ? tag : at) - lineStart + 1 };
    }
    return { line: 1, column: 1 };
  };
  return importBom(bom, file, sha256(body), locate, options);
}
