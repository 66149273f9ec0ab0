import { join, resolve } from 'node:path';
import { UserError } from '../../errors.js';
import { readFile } from 'node:fs/promises';
import { collectLintRules, fetchGenesysTopicFacts, lintRules, parseGenesysTopicFacts, type GenesysTopicFacts } from '../../lint/index.js';
import { displayPath } from '../../display-path.js';
import { clientFromFlags } from './genesys.js';
import { writeFileAtomic } from '../../report/atomic.js';
import { lintCiCases } from '../../report/ci-cases.js';
import { CI_FILE_NAMES, ciFormatOf, renderCi } from '../../report/ci-formats.js';
import { lintSummaryLine, renderLintText } from '../../report/lint-text.js';
import { redactSecrets } from '../../secrets.js';
import { parseFlags } from '../flags.js';
import type { Command } from '../types.js';

const USAGE = `Usage: gceb lint [--rules SPEC]... [flags]

Checks rules before deploy, without events: AWS's own validation (its error texts), the
quotas (pattern size, rules and wildcard rules per bus), the Genesys traps (source not of the
partner form, detail-type that is no topic template, fields outside detail.eventBody,
lower-case enums, numbers quoted as strings) and the IaC traps (camelCase envelope keys,
double-encoded JSON, values made strings by a variable's type, escapes written twice,
values that cannot be resolved before deploy). Each finding points at its file and line.

Flags:
  --rules SPEC     rules to check (repeatable; default: sample): everything \`gceb test --rules\`
                   takes, and CloudFormation/SAM templates (.yaml/.yml/.json), CDK assemblies
                   (cdk.out or its manifest.json), Terraform .tf files or module folders,
                   Terraform plans (terraform show -json), Serverless serverless.yml
  --format FORMAT  text (default), json, junit (JUnit XML) or github (GitHub Actions annotations)
  --out DIR        also write DIR/lint.json and, for junit/github, DIR/junit.xml or
                   DIR/annotations.txt
  --genesys        also check each rule's topics with Genesys Cloud (GENESYSCLOUD_OAUTHCLIENT_ID,
                   _SECRET, GENESYSCLOUD_REGION): against the EventBridge integration's eventFilter
                   and the topic schemas of availabletopics (paths, types, enums, transports)
  --topics-cache FILE
                   with --genesys: save those facts to FILE; without: read them from FILE
                   (offline runs, CI without Genesys credentials)
  --strict         warnings fail too (exit 1)
  --no-notes       leave notes (info) out of the text output
  -h, --help       this help

Exit code: 0 no errors, 1 errors (or warnings with --strict), 2 bad usage or input.

Examples:
  gceb lint --rules template.yaml
  gceb lint --rules infra/main.tf --format github
  gceb lint --rules cdk.out --rules plan.json --format junit > lint.xml
`;

const FORMATS = ['text', 'json', 'junit', 'github'] as const;

export const lintCommand: Command = {
  name: 'lint',
  summary: 'Static checks of rules and IaC templates before deploy (no events needed)',
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseFlags(
      argv,
      {
        rules: { type: 'string', multiple: true },
        format: { type: 'string' },
        out: { type: 'string' },
        strict: { type: 'boolean' },
        genesys: { type: 'boolean' },
        'topics-cache': { type: 'string' },
        'no-notes': { type: 'boolean' },
      },
      'lint',
    );
    const format = values.format ?? 'text';
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw new UserError(`gceb lint: --format must be one of ${FORMATS.join(', ')}, not '${format}'.`, { hint: 'Run `gceb lint --help` for usage.' });
    }
    const { rules, notes } = await collectLintRules(values.rules ?? ['sample'], {
      cwd: io.cwd,
      env: io.env,
      onWarning: (message) => io.stderr.write(redactSecrets(`warning: ${message}\n`, io.env)),
    });
    const genesys = await genesysFacts(values.genesys === true, values['topics-cache'], io);
    const report = lintRules(rules, { extra: notes, ...(genesys ? { genesys } : {}) });
    const summary = lintSummaryLine(report);
    const ci = ciFormatOf(format);
    const json = `${JSON.stringify({ tool: 'gceb', report: 'lint', ...report }, null, 2)}\n`;
    const rendered =
      ci !== undefined
        ? renderCi(ci, lintCiCases(report), summary)
        : format === 'json'
          ? json
          : renderLintText(report, { color: io.stdout.isTTY === true && !io.env.NO_COLOR, notes: values['no-notes'] !== true });
    io.stdout.write(rendered);
    if (ci === 'junit') io.stderr.write(`${summary}\n`);
    if (values.out !== undefined) {
      const dir = resolve(io.cwd, values.out);
      await writeFileAtomic(join(dir, 'lint.json'), json);
      if (ci) await writeFileAtomic(join(dir, CI_FILE_NAMES[ci]), rendered);
    }
    const failing = report.counts.error > 0 || (values.strict === true && report.counts.warning > 0);
    return failing ? 1 : 0;
  },
};

/** Live facts (saved to the cache file when one is named), cached facts, or none. */
async function genesysFacts(live: boolean, cache: string | undefined, io: Parameters<Command['run']>[1]): Promise<GenesysTopicFacts | undefined> {
  const path = cache === undefined ? undefined : resolve(io.cwd, cache);
  if (live) {
    const facts = await fetchGenesysTopicFacts(clientFromFlags({}, io), io.signal ? { signal: io.signal } : {});
    if (path) await writeFileAtomic(path, `${JSON.stringify(facts, null, 1)}\n`);
    return facts;
  }
  if (!path) return undefined;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UserError(`gceb lint: cannot read the topics cache ${displayPath(path, io.cwd)}.`, { hint: 'Write it once with `gceb lint --genesys --topics-cache FILE` (needs Genesys credentials).' });
  }
  try {
    return parseGenesysTopicFacts(text, displayPath(path, io.cwd));
  } catch (error) {
    throw new UserError(`gceb lint: ${(error as Error).message}.`);
  }
}
