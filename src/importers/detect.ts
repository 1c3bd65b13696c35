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

/** A parsed JSON document's format. */
export function refineJson(data: unknown): ImportFormat {
  const o = data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  if (o?.bomFormat === 'CycloneDX') return 'cyclonedx';
  if (
    o &&
    ((typeof o.format_version === 'string' && o.values && !('planned_values' in o) && !('resource_changes' in o)) ||
      (typeof o.version === 'number' && typeof o.terraform_version === 'string' && Array.isArray(o.resources)))
  )
    return 'terraform-state';
  if (
    o &&
    typeof o.format_version === 'string' &&
    ('resource_changes' in o || 'planned_values' in o || 'configuration' in o)
  )
    return 'terraform-plan';
  return 'inventory';
}
