import { doctorExitCode, formatFindingsJson, formatFindingsText, runDoctor } from '../../doctor/index.js';
import { UserError } from '../../errors.js';
import { AWS_REGION_FLAG, parseFlags } from '../flags.js';
import type { Command } from '../types.js';

const USAGE = `Usage: gceb doctor [flags]

Walks the whole chain and says what to fix:
  Genesys integration (state, topic filter) -> partner event source (ACTIVE, not PENDING)
  -> partner event bus -> rules on it (enabled, targets, valid pattern, matches events of the
  integration's topics, fields present) -> Genesys rules sitting on another bus (e.g. default).
With only AWS or only Genesys credentials it checks what it can and says what it skipped.
Exit code: 0 healthy, 1 when any finding is an error, 2 on bad usage or when nothing
could be checked (neither Genesys Cloud nor AWS credentials).

Flags:
  --events INPUT        events to test the rules against: sample (default; rebranded with each
                        integration's source, account and region), a file, a folder, or - for stdin;
                        repeatable
  --aws-region REGION   AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the integration's
                        region, then the profile's)
  --profile NAME        AWS profile (default: AWS_PROFILE)
  --bus BUS             another bus to search for misplaced Genesys rules (repeatable;
                        default and the partner buses are always searched)
  --genesys-region R    Genesys Cloud region (default: GENESYSCLOUD_REGION)
  --client-id ID        Genesys OAuth client id (default: GENESYSCLOUD_OAUTHCLIENT_ID; the
                        secret is read from GENESYSCLOUD_OAUTHCLIENT_SECRET only)
  --no-genesys          skip the Genesys Cloud checks
  --no-aws              skip the AWS checks
  --format text|json    output format (default: text)
  -h, --help            this help

Examples:
  gceb doctor
  gceb doctor --aws-region eu-west-1 --events captured/ --format json > doctor.json
`;

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'Check the whole Genesys -> EventBridge chain and say what to fix',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseFlags(
      argv,
      {
        events: { type: 'string', multiple: true },
        ...AWS_REGION_FLAG,
        profile: { type: 'string' },
        bus: { type: 'string', multiple: true },
        'genesys-region': { type: 'string' },
        'client-id': { type: 'string' },
        'no-genesys': { type: 'boolean' },
        'no-aws': { type: 'boolean' },
        format: { type: 'string', default: 'text' },
      },
      'doctor',
    );
    if (positionals.length > 0) {
      throw new UserError(`gceb doctor: unexpected argument '${positionals[0]}'.`, { hint: 'Run `gceb doctor --help` for usage.' });
    }
    if (values.format !== 'text' && values.format !== 'json') {
      throw new UserError(`gceb doctor: --format must be text or json, not '${values.format}'.`, { hint: 'Run `gceb doctor --help` for usage.' });
    }
    const progress = io.stderr.isTTY === true;
    const { findings } = await runDoctor({
      env: io.env,
      cwd: io.cwd,
      signal: io.signal,
      awsRegion: values['aws-region'],
      awsProfile: values.profile,
      genesys: { region: values['genesys-region'], clientId: values['client-id'] },
      events: values.events,
      extraBuses: values.bus,
      skipGenesys: values['no-genesys'],
      skipAws: values['no-aws'],
      onStep: progress ? (step) => io.stderr.write(`\u001b[2K\r${step}...`) : undefined,
    });
    if (progress) io.stderr.write('\u001b[2K\r');
    const colour = io.stdout.isTTY === true && !io.env.NO_COLOR;
    io.stdout.write(values.format === 'json' ? formatFindingsJson(findings) : formatFindingsText(findings, { colour }));
    return doctorExitCode(findings);
  },
};
