/** The CI formats of `gceb test` and `gceb lint`: JUnit XML and GitHub Actions annotations, each ending in a one-line summary. */
import type { CiCase } from './ci-cases.js';
import { renderGithubAnnotations } from './github-annotations.js';
import { renderJunit } from './junit.js';

export const CI_FORMATS = ['junit', 'github'] as const;
export type CiFormat = (typeof CI_FORMATS)[number];
export const CI_FILE_NAMES: Record<CiFormat, string> = { junit: 'junit.xml', github: 'annotations.txt' };

export function ciFormatOf(value: string | undefined): CiFormat | undefined {
  return (CI_FORMATS as readonly string[]).includes(value ?? '') ? (value as CiFormat) : undefined;
}

/** JUnit XML (the summary goes to the suite name only), or annotations then the summary line. */
export function renderCi(format: CiFormat, cases: readonly CiCase[], summary: string): string {
  return format === 'junit' ? renderJunit(cases) : renderGithubAnnotations(cases, summary);
}
