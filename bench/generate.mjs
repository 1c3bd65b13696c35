#!/usr/bin/env node
// Seeded generator of realistic vendor inventories for the benchmarks (see docs/performance.md).
//
//   node bench/generate.mjs --vendors 100000 --format json --seed 1 --out bench/data/inv-100k.json
//   node bench/generate.mjs --vendors 100k --shape minified --out bench/data/inv-100k-minified.json
//
// Shapes (issue 13; JSON unless said otherwise; `pretty` is the default and its output is unchanged):
//   pretty    2-space indented, like a hand-kept file (JSON or YAML)
//   minified  one line, exactly `JSON.stringify(inventory)` (how machines write inventories)
//   crlf      pretty, with \r\n line ends
//   shuffled  pretty, every object's keys in a random (seeded) order
//   unicode   pretty, long descriptions (~600 characters per vendor, ~120 per service) mixing accents, CJK,
//             emoji (surrogate pairs), quotes, backslashes and tabs, and unicode in vendor names
//   services  N/10 vendors with 25 services each (as many services as the other shapes, ten times per vendor)
//   chains    sub-processor chains 200 vendors deep (vendor i → i+1), the last of each chain on an adversary provider
//   bulk      every vendor runs its first service on Alibaba Cloud (a covered person's cloud) holding US persons'
//             personal data: one counterparty whose data is aggregated across all vendors (the bulk-aggregation
//             hot spot); every vendor is also 60 % owned by the same Chinese entity
//   owners    the ownership graph form: 2–6 direct owners per vendor from a shared pool of 500 inventory `entities`,
//             which own one another (0–3 owners each, cross-holdings and cycles; every 25th in China)
//   deep      one sub-processor chain through every vendor (vendor i → i+1), only the last exposed (its service on
//             an adversary provider), every other vendor a US company on mainstream providers: each vendor's chain
//             is up to N deep (written whole, the chains' evidence would be quadratic in N)
//   lattice   every vendor owned by one holding of a lattice of inventory `entities`: 6 layers of 8 holdings, each
//             owned in equal shares by every holding of the layer above, the top layer in China (an explanation
//             naming every path would name 8^5 owners per vendor)
//   holdings  every vendor owned (100 %) by a holding of its own, holding i by holding i+1, the last in China: a
//             chain of inventory `entities` as long as the inventory above every vendor (a walk up the graph per
//             person, or a pass over every person per link of the chain, would be quadratic in N)
//   provider  one vendor, a cloud provider, with N services: what `import` makes of a Terraform plan of N buckets
//             (a look-up of each finding's service in its vendor's list, or anything per finding that walks the
//             vendor's services, would be quadratic in N; docs/performance-history.md, "Pass 22")
//   invalid   minified, every vendor failing validation: an unknown key (`note`) on each, and on every 7th a
//             criticality the schema does not know (`urgent`): check answers exit 2 with one located error per
//             problem (work per error that depends on how many came before would be quadratic in N; "Pass 22")
//
// Same --vendors, --format, --shape and --seed → byte-identical output. Provider and region ids come from the
// bundled catalogue (rules/catalog/providers/*.yaml), so every generated inventory is valid against
// schemas/inventory.schema.json and the catalogue. Output is streamed vendor by vendor (1M vendors is
// ~730 MB of JSON; no giant string is built).
import { createWriteStream, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function parseArgs(argv) {
  const opts = { vendors: 1000, format: 'json', seed: 1, out: undefined, shape: 'pretty' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--vendors') opts.vendors = parseCount(v);
    else if (a === '--format') opts.format = v;
    else if (a === '--seed') opts.seed = Number(v);
    else if (a === '--out') opts.out = v;
    else if (a === '--shape') opts.shape = v;
    else if (a === '--help' || a === '-h') opts.help = true;
    else throw new Error(`unknown argument '${a}'`);
    if (a !== '--help' && a !== '-h') i++;
  }
  if (!Number.isInteger(opts.vendors) || opts.vendors < 1) throw new Error('--vendors must be a positive integer');
  if (opts.format !== 'json' && opts.format !== 'yaml') throw new Error("--format must be 'json' or 'yaml'");
  if (!Number.isFinite(opts.seed)) throw new Error('--seed must be a number');
  if (!SHAPES.includes(opts.shape)) throw new Error(`--shape must be one of ${SHAPES.join(', ')}`);
  if (opts.format === 'yaml' && opts.shape !== 'pretty') throw new Error('YAML is generated in the pretty shape only');
  return opts;
}

export const SHAPES = [
  'pretty',
  'minified',
  'crlf',
  'shuffled',
  'unicode',
  'services',
  'chains',
  'bulk',
  'owners',
  'deep',
  'lattice',
  'holdings',
  'provider',
  'invalid',
];

/** `1k` → 1000, `1M` → 1000000, `2500` → 2500. */
export function parseCount(text) {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(String(text ?? ''));
  if (!m) return Number.NaN;
  const mult = m[2] === '' ? 1 : m[2].toLowerCase() === 'k' ? 1000 : 1_000_000;
  return Math.round(Number(m[1]) * mult);
}

/** mulberry32: small, fast, seeded. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function loadProviders() {
  const dir = path.join(ROOT, 'rules', 'catalog', 'providers');
  const map = new Map();
  for (const f of readdirSync(dir).sort()) {
    const doc = YAML.parse(readFileSync(path.join(dir, f), 'utf8'));
    for (const p of doc.providers ?? [])
      map.set(
        p.id,
        (p.regions ?? []).map((r) => ({ id: r.id, country: r.country })),
      );
  }
  return map;
}

const CATEGORIES = [
  'personal',
  'health',
  'financial',
  'biometric',
  'precise-geolocation',
  'genomic',
  'credentials',
  'intellectual-property',
  'government',
  'other',
];
const WORDS = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Vandelay',
  'Stark',
  'Wayne',
  'Tyrell',
  'Cyberdyne',
  'Soylent',
  'Wonka',
  'Aperture',
  'Massive',
  'Dunder',
  'Pied',
  'Nakatomi',
  'Oscorp',
  'Gringotts',
  'Monarch',
];
const KINDS = [
  'Analytics',
  'Payroll',
  'CRM',
  'Logistics',
  'Mail',
  'Search',
  'Storage',
  'Security',
  'Billing',
  'Support',
  'Ads',
  'Maps',
];
const SERVICE_KINDS = ['api', 'db', 'warehouse', 'cdn', 'queue', 'backup', 'app', 'logs', 'ml', 'auth'];

export function* generateVendors({ vendors: total, seed, shape = 'pretty' }) {
  const r = rng(seed);
  // shape-specific choices draw from their own stream, so the default shape's output never changes
  const r2 = rng(seed ^ 0x5eed);
  const pick2 = (list) => list[Math.floor(r2() * list.length)];
  const n = shape === 'services' ? Math.max(1, Math.round(total / 10)) : total;
  const pick = (list) => list[Math.floor(r() * list.length)];
  const chance = (p) => r() < p;
  const providers = loadProviders();
  const regionsOf = (id, filter) => {
    const list = (providers.get(id) ?? []).filter(filter ?? (() => true));
    if (list.length === 0) throw new Error(`catalogue has no region for ${id}`);
    return list;
  };
  const notAdv = (x) => !['CN', 'HK', 'MO', 'RU', 'IR', 'KP', 'CU', 'VE'].includes(x.country);
  const mainstream = [
    ['aws', 0.34],
    ['azure', 0.2],
    ['gcp', 0.18],
    ['oracle-cloud', 0.06],
    ['digitalocean', 0.05],
    ['hetzner', 0.04],
    ['ovhcloud', 0.04],
    ['cloudflare', 0.03],
    ['akamai', 0.03],
    ['fastly', 0.03],
  ].map(([id, w]) => ({ id, w, regions: regionsOf(id, notAdv) }));
  const totalW = mainstream.reduce((s, p) => s + p.w, 0);
  const adversary = [
    { id: 'alibaba-cloud', regions: regionsOf('alibaba-cloud') },
    { id: 'tencent-cloud', regions: regionsOf('tencent-cloud') },
    { id: 'huawei-cloud', regions: regionsOf('huawei-cloud') },
    { id: 'yandex-cloud', regions: regionsOf('yandex-cloud') },
    { id: 'aws', regions: regionsOf('aws', (x) => x.id === 'cn-north-1' || x.id === 'ap-east-1') },
    { id: 'azure', regions: regionsOf('azure', (x) => x.country === 'HK' || x.country === 'CN') },
    { id: 'gcp', regions: regionsOf('gcp', (x) => x.country === 'HK') },
  ];
  const pad = String(n).length;
  const vid = (i) => `vendor-${String(i).padStart(pad, '0')}`;
  const day = (from, spanDays) => {
    const t = Date.UTC(from[0], from[1] - 1, from[2]) + Math.floor(r() * spanDays) * 86400000;
    return new Date(t).toISOString().slice(0, 10);
  };

  if (shape === 'provider') {
    // one vendor with a bucket per would-be vendor, in any AWS region (a few in China or Hong Kong), 60 % holding
    // data about US persons
    const regions = regionsOf('aws');
    const services = [];
    for (let i = 0; i < n; i++) {
      const svc = {
        id: `aws_s3_bucket.bucket_${i}`,
        name: `bucket-${i}`,
        provider: 'aws',
        regions: [pick(regions).id],
      };
      if (chance(0.6)) svc.data = [{ category: pick(CATEGORIES), usPersons: Math.floor(r() * 200_000) }];
      services.push(svc);
    }
    yield {
      id: 'aws',
      name: 'Amazon Web Services',
      country: 'US',
      criticality: 'critical',
      lastAssessed: '2026-06-01',
      services,
    };
    return;
  }

  if (shape === 'deep' || shape === 'lattice' || shape === 'holdings') {
    // plain vendors (one service with personal data on a mainstream provider) whose only exposure is the shape's
    for (let i = 0; i < n; i++) {
      const name = `${pick(WORDS)} ${pick(KINDS)} ${i} ${pick(['Inc', 'LLC', 'Ltd', 'GmbH', 'Pte Ltd'])}`;
      const p = shape === 'deep' && i === n - 1 ? adversary[0] : mainstream[Math.floor(r() * 3)];
      const vendor = {
        id: vid(i),
        name,
        country: shape === 'deep' ? 'US' : pick(['GB', 'DE', 'FR', 'IE', 'SG', 'JP', 'CA', 'NL']),
        criticality: pick(['critical', 'high', 'medium', 'medium', 'low', 'low']),
        lastAssessed: day([2025, 3, 1], 640),
      };
      if (shape === 'deep' && i + 1 < n) vendor.subprocessors = [vid(i + 1)];
      if (shape === 'lattice') vendor.owners = [{ entity: latticeId(0, i % LATTICE_WIDTH), percent: 100 }];
      if (shape === 'holdings') vendor.owners = [{ entity: holdingId(i), percent: 100 }];
      vendor.services = [
        {
          id: 'app-0',
          name: `${name} app 0`,
          provider: p.id,
          regions: [pick(p.regions).id],
          data: [{ category: 'personal', usPersons: 1000 + Math.floor(r() * 100_000) }],
        },
      ];
      yield vendor;
    }
    return;
  }

  for (let i = 0; i < n; i++) {
    let name = `${pick(WORDS)} ${pick(KINDS)} ${i} ${pick(['Inc', 'LLC', 'Ltd', 'GmbH', 'Pte Ltd'])}`;
    if (shape === 'unicode') name = `${name} ${pick2(UNICODE_NAMES)}`;
    const roll = r();
    const vendor = { id: vid(i), name };
    // ~1.5 % vendors organised in or run from an adversary country
    if (roll < 0.01) vendor.country = 'CN';
    else if (roll < 0.013) vendor.country = 'RU';
    else if (roll < 0.015) vendor.country = 'HK';
    else vendor.country = pick(['US', 'US', 'US', 'US', 'GB', 'DE', 'FR', 'IE', 'SG', 'JP', 'CA', 'NL']);
    if (chance(0.02)) vendor.principalPlaceOfBusiness = chance(0.25) ? 'CN' : vendor.country;
    vendor.criticality = pick(['critical', 'high', 'medium', 'medium', 'low', 'low']);
    if (chance(0.3)) {
      // ownership chain of 1–3 links; a few per cent end in China at a controlling or minority share
      const links = [{ entity: `${name} Holdings`, country: vendor.country }];
      const depth = 1 + Math.floor(r() * 3);
      for (let d = 1; d < depth; d++) {
        const adv = chance(0.08);
        links.push({
          entity: `${pick(WORDS)} Group ${i}-${d}`,
          country: adv ? pick(['CN', 'CN', 'HK', 'RU']) : pick(['US', 'GB', 'SG', 'NL']),
          percent: adv ? pick([20, 40, 51, 60, 100]) : pick([51, 75, 100]),
        });
      }
      vendor.ownership = links;
    }
    if (shape === 'owners') {
      // the ownership graph form: 2–6 direct owners from the shared pool (inventory `entities`), which own each other
      delete vendor.ownership;
      vendor.owners = ownersFrom(r2, 2 + Math.floor(r2() * 5), -1);
    } else if (shape === 'bulk') {
      vendor.ownership = [
        { entity: `${name} Holdings`, country: vendor.country, percent: 100 },
        { entity: 'Shared Covered Holdings Ltd', country: 'CN', percent: 60 },
      ];
    }
    if (chance(0.8)) {
      const contract = { starts: day([2022, 1, 1], 900), ends: day([2026, 6, 1], 1200) };
      if (chance(0.7)) contract.regulatoryTermination = chance(0.5);
      contract.reference = `MSA-${i}`;
      vendor.contract = contract;
    }
    if (chance(0.6)) {
      vendor.exitPlan = { documented: chance(0.6) };
      if (vendor.exitPlan.documented && chance(0.7)) vendor.exitPlan.lastTested = day([2024, 1, 1], 1000);
    }
    if (chance(0.9)) vendor.lastAssessed = day([2025, 3, 1], 640);
    vendor.owner = `team-${i % 97}@example.com`;
    if (shape === 'unicode') vendor.description = longText(r2, i, 600);

    const services = [];
    const count = shape === 'services' ? 25 : 1 + Math.floor(r() * 4); // 1..4, mean 2.5
    for (let s = 0; s < count; s++) {
      const svc = { id: `${pick(SERVICE_KINDS)}-${s}`, name: `${name} ${pick(SERVICE_KINDS)} ${s}` };
      const adv = chance(0.025);
      let prov;
      if (adv) prov = pick(adversary);
      else {
        let x = r() * totalW;
        prov = mainstream[mainstream.length - 1];
        for (const p of mainstream) {
          x -= p.w;
          if (x < 0) {
            prov = p;
            break;
          }
        }
      }
      svc.provider = prov.id;
      const nr = chance(0.2) ? 2 : 1;
      const regions = new Set();
      for (let k = 0; k < nr; k++) regions.add(pick(prov.regions).id);
      svc.regions = [...regions];
      if (chance(0.6)) {
        const data = [];
        const nd = 1 + Math.floor(r() * 2);
        for (let k = 0; k < nd; k++) {
          const d = { category: pick(CATEGORIES) };
          if (chance(0.8)) d.usPersons = Math.floor(r() * r() * 2_000_000);
          if (d.category === 'precise-geolocation') d.devices = Math.floor(r() * 50_000);
          if (chance(0.5))
            d.encryption = { atRest: chance(0.9), keys: pick(['customer', 'provider', 'provider', 'none']) };
          data.push(d);
        }
        svc.data = data;
      } else if (chance(0.3)) svc.storesData = chance(0.5);
      svc.access = pick(['none', 'none', 'limited', 'limited', 'privileged']);
      if (shape === 'unicode') svc.description = longText(r2, i * 100 + s, 120);
      if (shape === 'bulk' && !svc.data)
        svc.data = [{ category: 'personal', usPersons: 1000 + Math.floor(r2() * 5000) }];
      if (shape === 'chains' && i % CHAIN === CHAIN - 1 && s === 0) {
        const p = pick2(adversary);
        svc.provider = p.id;
        svc.regions = [pick2(p.regions).id];
      }
      if (chance(0.03) && n > 1) svc.subprocessors = [vid(Math.floor(r() * n))].filter((id) => id !== vendor.id);
      services.push(svc);
    }
    vendor.services = services;
    if (n > 2 && chance(0.1)) {
      // sub-processors, including cycles: i → i+1 → i (every 50th vendor) and random references
      const subs = new Set();
      if (i % 50 === 0) subs.add(vid((i + 1) % n));
      if (i % 50 === 1) subs.add(vid(i - 1));
      const k = 1 + Math.floor(r() * 3);
      for (let x = 0; x < k; x++) subs.add(vid(Math.floor(r() * n)));
      subs.delete(vendor.id);
      if (subs.size > 0) vendor.subprocessors = [...subs].sort();
    }
    if (shape === 'chains') {
      if (i % CHAIN !== CHAIN - 1 && i + 1 < n) vendor.subprocessors = [vid(i + 1)];
      else delete vendor.subprocessors;
    }
    if (shape === 'invalid') {
      // no draw from either stream: the vendors are minified's, with the errors added
      vendor.note = `imported from the procurement system, row ${i + 2}`;
      if (i % 7 === 0) vendor.criticality = 'urgent';
    }
    yield shape === 'shuffled' ? shuffleKeys(vendor, r2) : vendor;
  }
}

const OWNER_POOL = 500;

/** `count` distinct owners from the pool (never `self`), shares adding up to at most 100 %, a few left unrecorded. */
function ownersFrom(r, count, self) {
  const owners = [];
  const seen = new Set([self]);
  let left = 100;
  for (let j = 0; j < count && left > 0; j++) {
    const k = Math.floor(r() * OWNER_POOL);
    if (seen.has(k)) continue;
    seen.add(k);
    const owner = { entity: poolId(k) };
    if (r() >= 0.05) {
      // shares of 5–60 % of what is left, whole numbers, at least 1
      owner.percent = Math.max(1, Math.min(left, Math.round(left * (0.05 + r() * 0.55))));
      left -= owner.percent;
    }
    owners.push(owner);
  }
  return owners;
}

const poolId = (k) => `pool-holding-${k}`;

const LATTICE_LAYERS = 6;
const LATTICE_WIDTH = 8;
const latticeId = (layer, k) => `lattice-${layer}-${k}`;

const holdingId = (i) => `holding-${i}`;

/** The `holdings` shape's entities: n holdings in one chain, each owned (100 %) by the next, the last in China. */
export function holdingsChain(n) {
  const entities = [];
  for (let i = 0; i < n; i++) {
    const last = i === n - 1;
    const entity = { id: holdingId(i), name: `Chain Holding ${i}`, country: last ? 'CN' : 'SG' };
    if (!last) entity.owners = [{ entity: holdingId(i + 1), percent: 100 }];
    entities.push(entity);
  }
  return entities;
}

/** The inventory `entities` of the shapes that have them, made from the generator's options. */
const ENTITY_POOLS = new Map([
  ['owners', (opts) => ownerPool(opts.seed)],
  ['lattice', () => latticePool()],
  ['holdings', (opts) => holdingsChain(opts.vendors)],
]);

/** The `lattice` shape's entities: each holding owned in equal shares by every holding of the layer above. */
export function latticePool() {
  const entities = [];
  for (let layer = 0; layer < LATTICE_LAYERS; layer++) {
    for (let k = 0; k < LATTICE_WIDTH; k++) {
      const top = layer === LATTICE_LAYERS - 1;
      const entity = { id: latticeId(layer, k), name: `Lattice Holding ${layer}-${k}`, country: top ? 'CN' : 'SG' };
      if (!top) {
        const percent = Math.floor(100 / LATTICE_WIDTH);
        entity.owners = Array.from({ length: LATTICE_WIDTH }, (_, j) => ({ entity: latticeId(layer + 1, j), percent }));
      }
      entities.push(entity);
    }
  }
  return entities;
}

/**
 * The `owners` shape's shared entities: OWNER_POOL holdings (every 25th in China, the others in five countries),
 * each with 0–3 owners from the pool itself: a graph with cross-holdings and cycles, many owners per entity.
 */
export function ownerPool(seed) {
  const r = rng(seed ^ 0x0ae5);
  const entities = [];
  for (let k = 0; k < OWNER_POOL; k++) {
    const entity = {
      id: poolId(k),
      name: `Pool Holding ${k}`,
      country: k % 25 === 0 ? 'CN' : ['US', 'GB', 'SG', 'NL', 'DE'][k % 5],
    };
    const owners = ownersFrom(r, Math.floor(r() * 4), k);
    if (owners.length > 0) entity.owners = owners;
    entities.push(entity);
  }
  return entities;
}
const CHAIN = 200;
const UNICODE_NAMES = [
  'Société Générale Ÿ',
  '北京数据有限公司',
  'Ключ ООО',
  'Café “Ünïcode” 🚀',
  'داده‌ها',
  '🇨🇳🐉 Dragon ∑',
];
const UNICODE_PIECES = [
  'Données personnelles hébergées à Zürich; ',
  '数据存储在上海的服务器上。',
  'Хранение данных в Москве. ',
  'emoji 😀🎉🔒 and a flag 🇭🇰 ',
  'a "quoted" word, a back\\slash \\n and a tab\t. ',
  'Ελληνικά δεδομένα, 한국어 데이터, ',
  'mathematical 𝔸𝔹ℂ (astral plane) ',
];

/** A long seeded text (about `length` UTF-16 units) mixing scripts, astral characters and JSON escapes. */
function longText(r, i, length) {
  let text = `#${i}: `;
  while (text.length < length) text += UNICODE_PIECES[Math.floor(r() * UNICODE_PIECES.length)];
  return text;
}

/** The same object with its keys (and those of nested objects) in a seeded random order. */
function shuffleKeys(value, r) {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, r));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  for (let k = keys.length - 1; k > 0; k--) {
    const j = Math.floor(r() * (k + 1));
    [keys[k], keys[j]] = [keys[j], keys[k]];
  }
  const out = {};
  for (const key of keys) out[key] = shuffleKeys(value[key], r);
  return out;
}

/** Stream the inventory as text chunks (JSON: 2-space indented like a hand-kept file; YAML: block style). */
export function* inventoryChunks(opts) {
  const head = {
    apiVersion: 'residency/v1',
    kind: 'Inventory',
    organisation: { name: `Bench Org ${opts.seed}`, jurisdiction: 'US' },
  };
  // the `owners` shape's shared owners, before the vendors that refer to them
  const entities = ENTITY_POOLS.get(opts.shape)?.(opts);
  if (entities) head.entities = entities;
  if (opts.format === 'json' && (opts.shape === 'minified' || opts.shape === 'invalid')) {
    // exactly JSON.stringify(inventory), streamed
    yield `${JSON.stringify(head).slice(0, -1)},"vendors":[`;
    let first = true;
    for (const vendor of generateVendors(opts)) {
      yield `${first ? '' : ','}${JSON.stringify(vendor)}`;
      first = false;
    }
    yield ']}';
  } else if (opts.format === 'json') {
    const nl = opts.shape === 'crlf' ? '\r\n' : '\n';
    const eol = (text) => (nl === '\n' ? text : text.replace(/\n/g, nl));
    yield eol(
      `{\n  "apiVersion": "residency/v1",\n  "kind": "Inventory",\n  "organisation": ${JSON.stringify(head.organisation, null, 2).replace(/\n/g, '\n  ')},${entities ? `\n  "entities": ${JSON.stringify(entities, null, 2).replace(/\n/g, '\n  ')},` : ''}\n  "vendors": [`,
    );
    let first = true;
    for (const vendor of generateVendors(opts)) {
      yield eol(`${first ? '\n    ' : ',\n    '}${JSON.stringify(vendor, null, 2).replace(/\n/g, '\n    ')}`);
      first = false;
    }
    yield eol('\n  ]\n}\n');
  } else {
    yield `apiVersion: residency/v1\nkind: Inventory\norganisation:\n  name: Bench Org ${opts.seed}\n  jurisdiction: US\nvendors:\n`;
    for (const vendor of generateVendors(opts)) {
      const text = YAML.stringify([vendor], { lineWidth: 0 });
      yield text.replace(/^(?=.)/gm, '  ');
    }
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    process.stdout.write(
      `usage: node bench/generate.mjs --vendors N|10k|1M --format json|yaml --seed S [--shape ${SHAPES.join('|')}] [--out FILE]\n`,
    );
    return;
  }
  if (opts.out) mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
  const out = opts.out ? createWriteStream(opts.out) : process.stdout;
  let buffer = '';
  for (const chunk of inventoryChunks(opts)) {
    buffer += chunk;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await new Promise((resolve) => out.once('drain', resolve));
      buffer = '';
    }
  }
  if (buffer) out.write(buffer);
  if (opts.out) await new Promise((resolve, reject) => out.end((err) => (err ? reject(err) : resolve())));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    process.stderr.write(`generate: ${error.message}\n`);
    process.exitCode = 2;
  });
}
