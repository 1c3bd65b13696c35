import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { AS_OF, ROOT } from '../helpers.js';
import { INSTALL_TIMEOUT, run, scratchClone, tempDir } from './scratch.js';

// Runs action.yml the way GitHub's runner runs a composite action: `${{ inputs.* }}` and
// `${{ github.action_path }}` substituted, each `run:` step in its own `bash --noprofile --norc -eo
// pipefail` with its own GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, the first failing step ending
// the action with its exit code, and the action's outputs read from the steps' outputs.

interface Step {
  name?: string;
  id?: string;
  shell?: string;
  run?: string;
  uses?: string;
  if?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}
interface Action {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

interface ActionRun {
  status: number;
  summary: string;
  outputs: Record<string, string>;
  log: string;
}

const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Action;

/** Replace `${{ expr }}`; an expression this runner does not know fails the test. */
function substitute(text: string, context: Record<string, string>): string {
  return text.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expr: string) => {
    if (!(expr in context)) throw new Error(`action.yml uses \${{ ${expr} }}, which this test does not provide`);
    return context[expr];
  });
}

function readOutputs(file: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) outputs[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return outputs;
}

function runAction(
  actionPath: string,
  workspace: string,
  given: Record<string, string>,
  options: { skip?: (step: Step) => boolean } = {},
): ActionRun {
  const context: Record<string, string> = { 'github.action_path': actionPath };
  for (const name of Object.keys(given)) if (!(name in action.inputs)) throw new Error(`no input '${name}'`);
  for (const [name, spec] of Object.entries(action.inputs)) {
    const value = given[name] ?? spec.default ?? '';
    if (spec.required && value === '') throw new Error(`input '${name}' is required`);
    context[`inputs.${name}`] = value;
  }
  const runnerTemp = tempDir('runner');
  let summary = '';
  let log = '';
  let status = 0;
  for (const [index, step] of action.runs.steps.entries()) {
    if (step.uses || step.if) throw new Error(`step ${step.name}: uses/if are not run by this test`);
    expect(step.shell).toBe('bash');
    if (options.skip?.(step)) continue;
    const script = path.join(runnerTemp, `step-${index}.sh`);
    writeFileSync(script, substitute(step.run ?? '', context));
    const outputFile = path.join(runnerTemp, `output-${index}`);
    const summaryFile = path.join(runnerTemp, `summary-${index}`);
    writeFileSync(outputFile, '');
    writeFileSync(summaryFile, '');
    const env: NodeJS.ProcessEnv = {
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_ACTION_PATH: actionPath,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      RUNNER_TEMP: runnerTemp,
      npm_config_update_notifier: 'false',
      npm_config_prefer_offline: 'true', // the runner's npm cache, as actions/setup-node's cache gives
    };
    for (const [key, value] of Object.entries(step.env ?? {})) env[key] = substitute(String(value), context);
    const cwd = path.resolve(workspace, substitute(step['working-directory'] ?? '.', context));
    const result = run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env });
    log += result.stdout + result.stderr;
    summary += readFileSync(summaryFile, 'utf8');
    if (step.id) {
      for (const [key, value] of Object.entries(readOutputs(outputFile)))
        context[`steps.${step.id}.outputs.${key}`] = value;
    }
    if (result.status !== 0) {
      status = result.status ?? -1;
      break;
    }
  }
  const outputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.outputs)) {
    outputs[name] = substitute(spec.value, new Proxy(context, { has: () => true, get: (t, k: string) => t[k] ?? '' }));
  }
  return { status, summary, outputs, log };
}

describe('action.yml run as GitHub runs it', () => {
  let actionPath: string;
  let workspace: string;
  let first: ActionRun;
  /** The same check run directly with the action's installed copy: what the action must report. */
  let direct: { summary: { score: number; findings: number }; organisation: { name: string } };
  const install = (step: Step) => step.name === 'Install residency';
  const check = (inputs: Record<string, string>) =>
    runAction(actionPath, workspace, { 'as-of': AS_OF, ...inputs }, { skip: install });

  beforeAll(() => {
    actionPath = scratchClone('action'); // the action's own checkout: no node_modules, no dist
    workspace = tempDir('workspace');
    mkdirSync(path.join(workspace, 'inventory'));
    copyFileSync(path.join(ROOT, 'examples', 'acme-failing.yaml'), path.join(workspace, 'inventory', 'vendors.yaml'));
    copyFileSync(path.join(ROOT, 'examples', 'acme-clean.yaml'), path.join(workspace, 'clean.yaml'));
    copyFileSync(path.join(ROOT, 'examples', 'waivers.yaml'), path.join(workspace, 'waivers.yaml'));
    copyFileSync(path.join(ROOT, 'examples', 'minimal.yaml'), path.join(workspace, 'minimal.yaml'));
    // the first run does everything a workflow run does, the install from the action's checkout included
    first = runAction(actionPath, workspace, { paths: 'inventory/vendors.yaml', 'as-of': AS_OF });
    const bin = path.join(actionPath, 'bin', 'run.js');
    const json = run(process.execPath, [bin, 'check', 'inventory/vendors.yaml', '--as-of', AS_OF, '--format', 'json'], {
      cwd: workspace,
    });
    direct = JSON.parse(json.stdout);
  }, INSTALL_TIMEOUT);
  afterAll(() => {
    rmSync(path.dirname(actionPath), { recursive: true, force: true });
    rmSync(workspace, { recursive: true, force: true });
  });

  it('installs from its own checkout, then fails a failing inventory with exit 1', () => {
    expect(direct.summary.findings).toBeGreaterThan(0);
    expect(first.log).toContain(`FAIL  ${direct.organisation.name}: score ${direct.summary.score}/100`);
    expect(first.status).toBe(1);
    expect(first.outputs['exit-code']).toBe('1');
    expect(first.outputs.verdict).toBe('fail');
    expect(first.outputs.score).toBe(String(direct.summary.score));
  });

  it('writes the Markdown report to the step summary', () => {
    expect(first.summary).toMatch(/^## residency: Acme Corp\n/);
    expect(first.summary).toContain(`**FAIL** — score **${direct.summary.score}/100**`);
    expect(first.summary).toContain('| Severity | Rule | Vendor | Service | Data | Location |');
  });

  it("cuts a step summary past GitHub's 1 MiB (which drops it whole), and says what it left out", async () => {
    // 1,000 generated vendors: the whole Markdown report is 1.2 MB
    type Generate = { inventoryChunks: (opts: object) => Iterable<string> };
    const generate = (await import(path.join(ROOT, 'bench', 'generate.mjs') as string)) as Generate;
    const text = [...generate.inventoryChunks({ vendors: 1000, seed: 1, shape: 'minified', format: 'json' })].join('');
    writeFileSync(path.join(workspace, 'large.json'), text);
    const large = check({ paths: 'large.json', 'fail-on': 'never', 'sarif-file': 'large.sarif' });
    expect(large.status).toBe(0);
    expect(Buffer.byteLength(large.summary, 'utf8')).toBeLessThanOrEqual(1024 * 1024);
    expect(large.summary).toMatch(/^## residency: /);
    const findings = JSON.parse(readFileSync(large.outputs['json-file'], 'utf8')).summary.findings as number;
    expect(large.summary).toMatch(
      new RegExp(`the table lists [\\d,]+ of the ${findings.toLocaleString('en-US')} findings`),
    );
    // the SARIF is capped for code scanning (25,000 results), which these findings are within
    expect(JSON.parse(readFileSync(large.outputs['sarif-file'], 'utf8')).runs[0].results).toHaveLength(findings);
  });

  it('writes a SARIF 2.1.0 file and gives its absolute path as output sarif-file', () => {
    const sarifFile = first.outputs['sarif-file'];
    expect(sarifFile).toBe(path.join(workspace, 'residency.sarif'));
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results).toHaveLength(direct.summary.findings);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('inventory/vendors.yaml');
    const json = JSON.parse(readFileSync(first.outputs['json-file'], 'utf8'));
    expect(json.summary).toEqual(direct.summary);
  });

  it('passes a clean inventory with exit 0', () => {
    const clean = check({ paths: 'clean.yaml', 'sarif-file': 'out/clean.sarif' });
    expect(clean.status).toBe(0);
    expect(clean.outputs['exit-code']).toBe('0');
    expect(clean.outputs.verdict).toBe('pass');
    expect(clean.summary).toContain('**PASS**');
    expect(JSON.parse(readFileSync(clean.outputs['sarif-file'], 'utf8')).runs[0].results).toEqual([]);
  });

  it('fail-on, min-score and waivers reach residency', () => {
    expect(check({ paths: 'inventory/vendors.yaml', 'fail-on': 'never' }).status).toBe(0);
    expect(check({ paths: 'clean.yaml', 'min-score': '100' }).status).toBe(0);
    const waived = check({ paths: 'inventory/vendors.yaml', waivers: 'waivers.yaml' });
    expect(waived.status).toBe(1);
    expect(JSON.parse(readFileSync(waived.outputs['json-file'], 'utf8')).summary.waived).toBe(2);
  });

  it('with a baseline, findings already accepted do not fail the run', () => {
    const baseline = path.join(workspace, 'baseline.json');
    copyFileSync(first.outputs['json-file'], baseline);
    const run = check({ paths: 'inventory/vendors.yaml', baseline: 'baseline.json' });
    expect(run.status).toBe(0);
    expect(JSON.parse(readFileSync(run.outputs['json-file'], 'utf8')).summary.existing).toBe(direct.summary.findings);
  });

  it('writes the extra reports, one FORMAT=PATH per line, into folders it creates', () => {
    const run = check({ paths: 'clean.yaml', reports: 'junit=reports/residency.xml\n  html=reports/residency.html\n' });
    expect(run.status).toBe(0);
    expect(readFileSync(path.join(workspace, 'reports', 'residency.xml'), 'utf8')).toContain('<testsuites');
    expect(readFileSync(path.join(workspace, 'reports', 'residency.html'), 'utf8')).toContain('<html');
  });

  it('summary: false writes no step summary; several paths are checked together', () => {
    const run = check({ paths: 'clean.yaml\nminimal.yaml', summary: 'false' });
    expect(run.status).toBe(0);
    expect(run.summary).toBe('');
    expect(JSON.parse(readFileSync(run.outputs['json-file'], 'utf8')).inputs).toHaveLength(2);
  });

  it('bad input exits 2 with a located message, a summary line and no SARIF', () => {
    writeFileSync(path.join(workspace, 'broken.yaml'), 'apiVersion: residency/v1\nkind: Inventory\nvendors: 3\n');
    const broken = check({ paths: 'broken.yaml', 'sarif-file': 'broken.sarif' });
    expect(broken.status).toBe(2);
    expect(broken.log).toMatch(/broken\.yaml:\d+:\d+ {2}error E_/);
    expect(broken.outputs['exit-code']).toBe('2');
    expect(broken.outputs['sarif-file']).toBe('');
    expect(broken.summary).toContain('residency could not run (exit 2)');
  });

  it('an input is data, never shell: a path with shell syntax is just a missing file', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, on purpose
    const hostile = check({ paths: 'clean.yaml;touch${IFS}pwned $(touch pwned2)' });
    expect(hostile.status).toBe(2);
    expect(run('ls', [workspace]).stdout).not.toMatch(/pwned/);
  });
});
