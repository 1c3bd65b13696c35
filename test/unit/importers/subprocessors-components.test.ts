/**
 * Sub-processor lists with vague locations still yield control from the company named (catalogue
 * sub-processors), and CycloneDX components from suppliers the catalogue knows (issue 15).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/adapters/workspace.js';
import { normaliseName } from '../../../src/catalog/build.js';
import type { Catalog, Subprocessor } from '../../../src/catalog/types.js';
import { subprocessorIn } from '../../../src/importers/common.js';
import { importCsv } from '../../../src/importers/csv.js';
import { importCycloneDxJson, importCycloneDxXml } from '../../../src/importers/cyclonedx.js';
import type { Service } from '../../../src/model/types.js';
import { parseText } from '../../../src/parse/parse.js';
import { validate } from '../../../src/schema/schemas.js';

let catalog: Catalog;
beforeAll(async () => {
  catalog = (await loadCatalog()).catalog;
});

const services = (vendors: { services?: Service[] }[]): Service[] => vendors.flatMap((v) => v.services ?? []);

describe('sub-processor lists', () => {
  it('attributes a model API to the company that runs it, whatever the location column says', () => {
    const csv = [
      'Sub-processor,Purpose,Location',
      '"Alibaba DashScope API",LLM inference,Asia-Pacific',
      'DeepSeek,Model API,Global',
      'Slack,Team chat,United States',
      'Acme Mailer,Email,Asia-Pacific',
      '',
    ].join('\n');
    const f = importCsv(csv, 'subprocessors.csv', 'x', { catalog, subprocessors: true });
    expect(validate('inventory', JSON.parse(JSON.stringify(f.inventory)))).toEqual([]);
    const [dash, deepseek, slack, acme] = services(f.inventory.vendors);
    expect(dash.provider).toBe('alibaba-cloud');
    expect(dash.countries).toBeUndefined();
    expect(dash.unknowns?.join('\n')).toContain("location 'Asia-Pacific' names no country");
    expect(dash.inferred?.find((i) => i.fact === 'provider alibaba-cloud')?.from).toContain(
      "'DashScope' is Alibaba Cloud Model Studio",
    );
    expect(deepseek.provider).toEqual({ name: 'DeepSeek', country: 'CN' });
    expect(slack.provider).toEqual({ name: 'Slack', country: 'US', parent: 'salesforce' });
    // a name the catalogue does not know stays unknown
    expect(acme.provider).toEqual({ name: 'Acme Mailer' });
  });

  it('matches whole words and phrases, the longest first', () => {
    expect(subprocessorIn(catalog, 'Tongyi Qianwen via DashScope')?.subprocessor.id).toBe('alibaba-model-studio');
    expect(subprocessorIn(catalog, 'Qwenify Ltd')).toBeUndefined();
    expect(subprocessorIn(catalog, '通义千问')?.subprocessor.provider).toBe('alibaba-cloud');
  });
});

describe('CycloneDX components', () => {
  const bom = {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    version: 1,
    components: [
      {
        type: 'library',
        name: 'dashscope',
        version: '1.20.0',
        publisher: 'Alibaba Cloud',
        'bom-ref': 'pkg:pypi/dashscope',
      },
      { type: 'library', name: 'left-pad', version: '1.3.0', supplier: { name: 'Someone' } },
      {
        type: 'application',
        name: 'suite',
        supplier: { name: 'Huawei Cloud' },
        components: [{ type: 'machine-learning-model', name: 'deepseek-chat', supplier: { name: 'DeepSeek' } }],
      },
    ],
  };

  it('imports components whose supplier or publisher the catalogue knows, and states the rest as skipped', () => {
    const text = JSON.stringify(bom, null, 2);
    const f = importCycloneDxJson(parseText(text, 'bom.json', { format: 'json' }), { catalog });
    expect(validate('inventory', JSON.parse(JSON.stringify(f.inventory)))).toEqual([]);
    const s = services(f.inventory.vendors);
    expect(s.map((x) => [x.id, x.provider])).toEqual([
      ['component:pkg:pypi/dashscope', 'alibaba-cloud'],
      ['component:suite', 'huawei-cloud'],
      ['component:deepseek-chat', { name: 'DeepSeek', country: 'CN' }],
    ]);
    expect(s[0].source?.line).toBe(6);
    expect(s[0].unknowns?.[0]).toContain('whether it sends data to its supplier');
    expect(f.skipped).toEqual(['1 of 4 components: no supplier, manufacturer or publisher the catalogue knows']);
  });

  it('reads components from XML too', () => {
    const xml = `<?xml version="1.0"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1">
  <components>
    <component type="library" bom-ref="pkg:npm/x"><publisher>Tencent Cloud</publisher><name>x</name></component>
  </components>
</bom>`;
    const f = importCycloneDxXml(xml, 'bom.xml', { catalog });
    expect(services(f.inventory.vendors).map((x) => x.provider)).toEqual(['tencent-cloud']);
  });
});

/** subprocessorIn as it was before pass 17: every catalogue name tried on every text (the oracle). */
function everyName(c: Catalog, text: string): { subprocessor: Subprocessor; matched: string } | undefined {
  const hay = ` ${normaliseName(text).replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  let best: { subprocessor: Subprocessor; matched: string; needle: string; len: number } | undefined;
  for (const sp of c.subprocessors.values()) {
    for (const alias of [sp.name, ...(sp.aliases ?? [])]) {
      const needle = normaliseName(alias)
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim();
      if (!needle) continue;
      const n = {
        subprocessor: sp,
        matched: alias,
        needle: /[\u3400-\u9fff]/.test(needle) ? needle : ` ${needle} `,
        len: needle.length,
      };
      if (hay.includes(n.needle) && (!best || n.len > best.len)) best = n;
    }
  }
  return best && { subprocessor: best.subprocessor, matched: best.matched };
}

describe('the sub-processor a text names', () => {
  it('is the one trying every catalogue name finds, for texts made of names, their words and noise', () => {
    const names = [...catalog.subprocessors.values()].flatMap((sp) => [sp.name, ...(sp.aliases ?? [])]);
    const words = [...new Set(names.flatMap((n) => n.split(/\s+/)))];
    const part = fc.oneof(
      fc.constantFrom(...names),
      fc.constantFrom(...words),
      fc.constantFrom(...names).map((n) => n.toUpperCase()),
      fc.constantFrom(...names).map((n) => `${n}x`),
      fc.constantFrom('API', 'Inc.', 'cloud', '—', '(EU)', '', '  ', '云', 'Ltd', 'Holdings'),
      fc.string({ maxLength: 6 }),
    );
    let found = 0;
    fc.assert(
      fc.property(fc.array(part, { maxLength: 6 }), fc.constantFrom(' ', ', ', '-', '/', ''), (parts, sep) => {
        const text = parts.join(sep);
        const want = everyName(catalog, text);
        expect(subprocessorIn(catalog, text)).toEqual(want);
        if (want) found++;
      }),
      { numRuns: 3000, seed: 17_008 },
    );
    expect(found).toBeGreaterThan(1000); // most texts name one
  });
});
