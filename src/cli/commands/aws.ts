import { formatBusesText, formatRulesText, formatRuleText, formatSourcesText, GENESYS_PARTNER_PREFIX, withEventBridge } from '../../aws/index.js';
import type { RuleWithTargets } from '../../aws/index.js';
import { UserError } from '../../errors.js';
import { AWS_REGION_FLAG, parseFlags } from '../flags.js';
import type { Command } from '../types.js';

const USAGE = `Usage: gceb aws <buses|sources|rules|rule> [flags]

List what EventBridge holds for Genesys Cloud (read-only).

  gceb aws buses                      partner event buses (aws.partner/genesys.com...)
  gceb aws sources                    partner event sources and their state (PENDING / ACTIVE / DELETED)
  gceb aws rules --bus BUS            every rule on a bus, with state, target count and pattern
  gceb aws rule NAME --bus BUS        one rule: pattern, state, targets

Flags:
  --bus BUS             event bus name or ARN (default: default)
  --prefix TEXT         name prefix for buses/sources (default: aws.partner/genesys.com; "" for all)
  --aws-region REGION
                        AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's)
  --profile NAME        AWS profile (default: AWS_PROFILE, then the default credential chain)
  --format text|json    output format (default: text)
  -h, --help            this help

Credentials: the AWS default chain (env keys, AWS_PROFILE, SSO, instance role).
Needs events:ListEventBuses, events:ListEventSources, events:ListRules, events:DescribeRule,
events:ListTargetsByRule.

Examples:
  gceb aws sources --aws-region eu-west-1
  gceb aws rules --bus aws.partner/genesys.com/cloud/<orgId>/<suffix> --format json
  gceb aws rule genesys-calls --bus aws.partner/genesys.com/cloud/<orgId>/<suffix>
`;

export const awsCommand: Command = {
  name: 'aws',
  summary: 'AWS EventBridge: partner buses, event sources, rules and targets',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseFlags(
      argv,
      {
        bus: { type: 'string' },
        prefix: { type: 'string' },
        ...AWS_REGION_FLAG,
        profile: { type: 'string' },
        format: { type: 'string', default: 'text' },
      },
      'aws',
    );
    const [what, name, ...extra] = positionals;
    const format = values.format;
    if (format !== 'text' && format !== 'json') {
      throw new UserError(`gceb aws: --format must be text or json, not '${format}'.`, { hint: 'Run `gceb aws --help` for usage.' });
    }
    const hint = 'Run `gceb aws --help` for usage.';
    if (!what) throw new UserError('gceb aws: say what to list: buses, sources, rules or rule NAME.', { hint });
    if (extra.length > 0 || (what !== 'rule' && name !== undefined)) {
      throw new UserError(`gceb aws ${what}: unexpected argument '${extra[0] ?? name}'.`, { hint });
    }
    const access = { env: io.env, region: values['aws-region'], profile: values.profile };
    const prefix = values.prefix ?? GENESYS_PARTNER_PREFIX;
    const bus = values.bus ?? 'default';
    const print = (data: unknown, text: string) => io.stdout.write(format === 'json' ? `${JSON.stringify(data, null, 2)}\n` : text);

    await withEventBridge(access, async (eb) => {
      switch (what) {
        case 'buses': {
          const buses = await eb.listEventBuses(prefix, io.signal);
          print(buses, formatBusesText(buses));
          return;
        }
        case 'sources': {
          const sources = await eb.listEventSources(prefix, io.signal);
          print(sources, formatSourcesText(sources));
          return;
        }
        case 'rules': {
          const rules: RuleWithTargets[] = [];
          for (const rule of await eb.listRules(bus, { signal: io.signal })) {
            rules.push({ ...rule, targets: await eb.listTargets(rule.name, bus, io.signal) });
          }
          print(rules, formatRulesText(rules));
          return;
        }
        case 'rule': {
          if (!name) throw new UserError('gceb aws rule: name the rule: gceb aws rule NAME --bus BUS.', { hint });
          const rule = await eb.describeRule(name, bus, io.signal);
          const full: RuleWithTargets = { ...rule, targets: await eb.listTargets(name, bus, io.signal) };
          print(full, formatRuleText(full));
          return;
        }
        default:
          throw new UserError(`gceb aws: unknown listing '${what}'; use buses, sources, rules or rule NAME.`, { hint });
      }
    });
    return 0;
  },
};
