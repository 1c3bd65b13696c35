// Build step (after tsc): precompile the JSON Schemas with ajv standalone and snapshot the bundled
// catalogue and rule pack as parsed, validated JSON, so start-up parses no YAML and compiles no schema.
// Both are optional at run time: without them (or with an edited rule file) residency parses and compiles.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const require = createRequire(import.meta.url);
const standaloneCode = require('ajv/dist/standalone').default;
const { appendErrorsInPlace, createAjv, schemaDocument, SCHEMA_NAMES } = await import(
  path.join(dist, 'schema/schemas.js')
);

mkdirSync(path.join(dist, 'schema/standalone'), { recursive: true });
for (const name of SCHEMA_NAMES) {
  const ajv = createAjv({ source: true });
  const validate = ajv.compile(schemaDocument(name));
  // the standalone code is made from the source ajv kept, before its `code.process`: errors appended in place here too
  const code = appendErrorsInPlace(standaloneCode(ajv, validate));
  if (code.includes('vErrors.concat('))
    throw new Error(`${name}: ajv gathered errors in a way appendErrorsInPlace does not know; update it`);
  writeFileSync(path.join(dist, 'schema/standalone', `${name}.cjs`), code);
}

// Snapshot the bundled files through the normal loaders (so the build fails on an invalid rule or catalogue).
const { buildCatalog } = await import(path.join(dist, 'catalog/build.js'));
const { buildRulePack } = await import(path.join(dist, 'engine/rules.js'));
const { parseText } = await import(path.join(dist, 'parse/parse.js'));
const { listFiles } = await import(path.join(dist, 'adapters/files.js'));
const { readFileSync } = await import('node:fs');
const catalogFiles = await listFiles(path.join(root, 'rules', 'catalog'), ['.yaml', '.yml', '.json']);
const ruleFiles = (await listFiles(path.join(root, 'rules'), ['.yaml', '.yml'])).filter(
  (f) => path.dirname(f) === path.join(root, 'rules'),
);
const parse = (file) => parseText(readFileSync(file, 'utf8'), path.relative(root, file).split(path.sep).join('/'));
const catalogDocs = catalogFiles.map(parse);
const ruleDocs = ruleFiles.map(parse);
buildCatalog(catalogDocs);
buildRulePack(
  ruleDocs.map((doc) => ({ doc, bundled: true })),
  { version: 'build' },
);
const entries = [...catalogDocs, ...ruleDocs].map((d) => ({ file: d.file, sha256: d.sha256, data: d.data }));
writeFileSync(path.join(dist, 'snapshot.json'), JSON.stringify(entries));
console.log(
  `snapshot: ${catalogDocs.length} catalogue and ${ruleDocs.length} rule files; ${SCHEMA_NAMES.length} schemas precompiled`,
);
