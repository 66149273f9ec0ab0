import { DEFAULT_SINCE, DOCTOR_FORMATS, doctorExitCode, doctorWindow, formatDoctorReport, runDoctor, type DoctorFormat } from '../../doctor/index.js';
import { UserError } from '../../errors.js';
import { AWS_REGION_FLAG, parseFlags } from '../flags.js';
import type { Command } from '../types.js';

const USAGE = `Usage: gceb doctor [flags]

Walks the whole chain and says what to fix:
  Genesys integration (state, topic filter) -> partner event source (ACTIVE, not PENDING)
  -> partner event bus -> rules on it (enabled, targets, valid pattern, matches events of the
  integration's topics, fields present) -> Genesys rules sitting on another bus (e.g. default).
Then it reads what AWS itself recorded over the window (--since): AWS/Events metrics per source and
rule, the bus's logging (LogConfig and, when logged to CloudWatch Logs, its records), each target's
resource policy (Lambda, SQS, SNS, CloudWatch Logs), RoleArn, dead-letter queue, retry policy and input
transformer, and says per rule where its events stop: not-sent (Genesys), not-arriving (source/bus),
not-matching, delivery-failing (which target, why, the policy statement to paste), or delivered.
A metric with no data is "no data", not zero (several are only sent when non-zero).
What AWS refuses to show (AccessDenied) is listed with the missing IAM action; the rest still runs.
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
  --since WHEN          the window of AWS records: 30m, 24h, 7d, or an ISO start (default: ${DEFAULT_SINCE})
  --bus-log-group NAME  CloudWatch Logs group of the partner bus logs (default:
                        /aws/vendedlogs/events/event-bus/<bus>, what the console creates)
  --no-genesys          skip the Genesys Cloud checks
  --no-aws              skip the AWS checks
  --no-evidence         skip AWS's own records (metrics, bus logs, target policies)
  --format F            text, json, md or html (default: text)
  -h, --help            this help

Read-only AWS actions used: events:ListEventBuses, ListEventSources, ListRules, ListTargetsByRule,
DescribeEventBus; cloudwatch:GetMetricData; logs:FilterLogEvents, logs:DescribeResourcePolicies;
lambda:GetPolicy; sqs:GetQueueUrl, sqs:GetQueueAttributes; sns:GetTopicAttributes.

Examples:
  gceb doctor
  gceb doctor --aws-region eu-west-1 --events captured/ --format json > doctor.json
  gceb doctor --since 7d --format html > doctor.html
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
        'no-evidence': { type: 'boolean' },
        since: { type: 'string', default: DEFAULT_SINCE },
        'bus-log-group': { type: 'string' },
        format: { type: 'string', default: 'text' },
      },
      'doctor',
    );
    if (positionals.length > 0) {
      throw new UserError(`gceb doctor: unexpected argument '${positionals[0]}'.`, { hint: 'Run `gceb doctor --help` for usage.' });
    }
    const format = values.format as DoctorFormat;
    if (!DOCTOR_FORMATS.includes(format)) {
      throw new UserError(`gceb doctor: --format must be text, json, md or html, not '${values.format}'.`, { hint: 'Run `gceb doctor --help` for usage.' });
    }
    doctorWindow(values.since);
    const progress = io.stderr.isTTY === true;
    const { findings, stages, window } = await runDoctor({
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
      skipEvidence: values['no-evidence'],
      since: values.since,
      busLogGroup: values['bus-log-group'],
      onStep: progress ? (step) => io.stderr.write(`\u001b[2K\r${step}...`) : undefined,
    });
    if (progress) io.stderr.write('\u001b[2K\r');
    const colour = io.stdout.isTTY === true && !io.env.NO_COLOR;
    io.stdout.write(formatDoctorReport({ findings, stages, ...(window ? { window } : {}) }, format, { colour }));
    return doctorExitCode(findings);
  },
};
