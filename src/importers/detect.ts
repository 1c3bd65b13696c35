/**
 * Which importer reads a file: by extension and content (pure). `--input-format` forces it.
 */
import type { ImportFormat } from './common.js';

/**
 * Detect the format from the name and the first bytes. JSON documents are told apart after parsing
 * (`refineJson`), because a plan, a CycloneDX BOM and an inventory are all JSON.
 */
export function detectImportFormat(file: string, text: string): ImportFormat | 'json' {
  const lower = file.toLowerCase();
  if (lower.endsWith('.tf') || lower.endsWith('.tf.json')) return 'terraform';
  if (lower.endsWith('.csv') || lower.endsWith('.tsv')) return 'csv';
  if (lower.endsWith('.xml')) return 'cyclonedx';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'inventory';
  if (lower.endsWith('.tfstate') || lower.endsWith('.tfstate.backup')) return 'json';
  const body = text.replace(/^\uFEFF/, '').trimStart();
  // XML is only read as CycloneDX (the importer refuses other roots with a located error)
  if (body.startsWith('<')) return 'cyclonedx';
  if (body.startsWith('{') || body.startsWith('[') || lower.endsWith('.json')) return 'json';
  if (/^(resource|provider|module|terraform|variable|locals)\s+("|\{|\w)/m.test(body) && !/^apiVersion:/m.test(body))
    return 'terraform';
  // a header row of comma-separated names, no YAML mapping
  const first = body.split(/\r?\n/, 1)[0] ?? '';
  if (first.includes(',') && !/^[\w"' -]+:\s/.test(first) && !/^[-#%]/.test(first)) return 'csv';
  return 'inventory';
}

type Obj = Record<string, unknown>;
const objectOf = (v: unknown): Obj | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;

/** The keys only a plan's `terraform show -json` output has. */
const PLAN_KEYS = ['resource_changes', 'planned_values', 'configuration'] as const;

/** A CycloneDX BOM in JSON. */
export function isCycloneDxJson(data: unknown): boolean {
  return objectOf(data)?.bomFormat === 'CycloneDX';
}

/**
 * Terraform state: `terraform show -json` without a plan file (`format_version` and a `values` object, and neither
 * `resource_changes` nor `planned_values`), or a terraform.tfstate (`version`, `terraform_version`, `resources`).
 */
export function isTerraformState(data: unknown): boolean {
  const o = objectOf(data);
  if (!o) return false;
  if (
    typeof o.format_version === 'string' &&
    objectOf(o.values) &&
    !('planned_values' in o) &&
    !('resource_changes' in o)
  )
    return true;
  return typeof o.version === 'number' && typeof o.terraform_version === 'string' && Array.isArray(o.resources);
}

/** A plan: `terraform show -json PLANFILE` (`format_version` and a plan's keys), unless it is state (above). */
export function isTerraformPlan(data: unknown): boolean {
  const o = objectOf(data);
  return !!o && typeof o.format_version === 'string' && PLAN_KEYS.some((k) => k in o) && !isTerraformState(o);
}

/**
 * A parsed JSON document's format. The state importer asks the same predicate (a forced `--input-format terraform-state`
 * on a document that is not state is refused), so detection and import never disagree.
 */
export function refineJson(data: unknown): ImportFormat {
  if (isCycloneDxJson(data)) return 'cyclonedx';
  if (isTerraformState(data)) return 'terraform-state';
  if (isTerraformPlan(data)) return 'terraform-plan';
  return 'inventory';
}
