/**
 * The stages of the pure check (src/pipeline.ts), in order; `--timings` marks the end of each, with `load` before
 * and `format`, `write` after (src/adapters/perf.ts). README and docs/design.md name the same list.
 */
export const PIPELINE_STAGES = ['validate', 'enrich', 'evaluate', 'triage', 'score', 'build'] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];
