import { Args, Flags } from '@oclif/core';
import { writeToStream } from '../../adapters/write.js';
import { type ImportResult, INVENTORY_FORMATS, type InventoryFormat, runImport } from '../../runner/import.js';
import { BaseCommand, printDiagnostics, writeStderr } from '../base.js';
import { importFlags, importOptionsFromFlags } from '../flags.js';
import { maxInputSizeFlag, sizeSetting } from '../settings.js';

export default class Import extends BaseCommand {
  static override summary = 'Convert Terraform, plan JSON, CycloneDX or CSV inputs into a canonical inventory.';

  static override description =
    `Reads Terraform folders or .tf files, \`terraform show -json\` plans, CycloneDX BOMs (JSON or XML, 1.2–1.6) and CSV vendor or sub-processor lists, and prints one inventory (YAML, or JSON with --format json) that validates against schemas/inventory.schema.json. Every service keeps its source location; what cannot be known is listed under unknowns, what was derived under inferred.

With --out, an existing inventory is updated in place: fields a person added (data categories, criticality, contracts …) are kept, imported fields (source, provider, regions) are refreshed, vendors and services from other sources are left alone, what the re-read sources no longer hold is kept and reported (removed with --prune), and the changes are printed to standard error. --out refuses to overwrite a file that is not a residency inventory unless --force. --out FILE.json writes JSON (what a large inventory should be: check reads JSON of 100k vendors in seconds, and refuses YAML that large), any other name YAML.

One residency inventory among the inputs is what the import starts from instead of --out's: alone, it is converted (\`import inventory.yaml --out inventory.json\`); with other inputs, they are merged into it as a re-import would. It must be valid, is left as it is, and --out must not exist yet (or be that inventory). With --json: { inventory, format, out, changes, startedFrom, diagnostics } on standard output instead of the inventory. See docs/importers.md.`;

  static override examples = [
    '<%= config.bin %> import infra/ --out inventory.yaml',
    '<%= config.bin %> import terraform-plan.json --out inventory.json',
    '<%= config.bin %> import inventory.yaml --out inventory.json',
    '<%= config.bin %> import plan.json bom.cdx.json subprocessors.csv --organisation "Acme Corp"',
    '<%= config.bin %> import vendors.csv --map name=Supplier --map location="Data centre"',
    '<%= config.bin %> import bom.xml --map classification.PHI=health',
  ];

  static override strict = false;

  static override enableJsonFlag = true;

  static override args = {
    files: Args.string({
      ignoreStdin: true,
      description:
        'Terraform folders or files, plan JSON, CycloneDX, CSV, and at most one inventory to start from (- for standard input)',
      required: true,
    }),
  };

  static override flags = {
    ...importFlags,
    out: Flags.string({
      char: 'o',
      description: 'write (or update) this inventory file atomically instead of printing it',
    }),
    format: Flags.string({
      description: "the inventory's format (default: JSON when --out ends in .json, else YAML)",
      options: [...INVENTORY_FORMATS],
    }),
    force: Flags.boolean({ description: 'overwrite --out even when it is not a residency inventory', default: false }),
    prune: Flags.boolean({
      description:
        'with --out: remove vendors and services of the re-imported sources that the import no longer finds (default: keep them and say so)',
      default: false,
    }),
    ...maxInputSizeFlag,
  };

  async run(): Promise<Omit<ImportResult, 'text' | 'summary'> | undefined> {
    const { argv, flags } = await this.parse(Import);
    const result = await runImport({
      files: argv as string[],
      maxBytes: sizeSetting(flags['max-input-size']),
      import: importOptionsFromFlags(flags),
      out: flags.out,
      force: flags.force,
      prune: flags.prune,
      format: flags.format as InventoryFormat | undefined,
    });
    await printDiagnostics(result.diagnostics);
    if (this.jsonEnabled()) {
      const { text: _text, summary: _summary, ...json } = result;
      return json;
    }
    for (const line of result.summary) writeStderr(line);
    // piece by piece, waiting for the reader: the whole text is never one string
    if (!flags.out) await writeToStream(process.stdout, result.text());
    return undefined;
  }
}
