import { Flags } from '@oclif/core';

/** The flags shared by the `catalog` commands: `--json` output and extra `--catalog` files. */
export const catalogFlags = {
  json: Flags.boolean({ description: 'print as JSON', default: false }),
  catalog: Flags.string({
    description: 'extra catalogue file or folder (repeatable)',
    multiple: true,
    multipleNonGreedy: true,
  }),
};
