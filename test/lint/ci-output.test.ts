import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/run-cli.js';
import { lineContaining } from '../helpers/template-lines.js';
import { annotation } from '../../src/report/github-annotations.js';
import { renderJunit, xmlEscape } from '../../src/report/junit.js';

const SAM = 'examples/iac/sam/template.yaml';

/** `::level file=F,line=L,title=T::message` → its parts. */
function parseAnnotations(text: string) {
  return text
    .split('\n')
    .filter((l) => l.startsWith('::'))
    .map((l) => {
      const m = /^::(error|warning|notice) (.*?)::(.*)$/.exec(l);
      assert.ok(m, l);
      const props = Object.fromEntries(m[2]!.split(',').map((p) => p.split('=') as [string, string]));
      return { level: m[1]!, file: props.file, line: props.line === undefined ? undefined : Number(props.line), title: props.title ?? '', message: m[3]! };
    });
}

describe('gceb lint --format github', () => {
  it('annotates each trap at its template line, ends with the one-line summary, exits 1 on errors', async () => {
    const run = await runCli(['lint', '--rules', SAM, '--format', 'github']);
    assert.equal(run.code, 1, run.stderr);
    const notes = parseAnnotations(run.stdout);
    const at = (title: string) => notes.find((n) => n.title.startsWith(title));
    assert.deepEqual([at('iac-envelope-key')?.file, at('iac-envelope-key')?.line], [SAM, lineContaining(SAM, 'detailType:')]);
    assert.equal(at('genesys-lower-case-enum')?.line, lineContaining(SAM, '- voice'));
    assert.equal(at('genesys-source')?.line, lineContaining(SAM, 'source: [genesys.cloud]'));
    assert.equal(at('iac-double-encoded')?.level, 'error');
    assert.equal(at('iac-pipes-filter')?.level, 'notice');
    const last = run.stdout.trimEnd().split('\n').pop()!;
    assert.match(last, /^gceb lint: 6 rule\(s\), \d+ error\(s\), \d+ warning\(s\), \d+ note\(s\)$/);
  });

  it('exit 0 when only warnings; 1 with --strict', async () => {
    const pattern = '{"source":[{"prefix":"aws.partner/genesys.com"}],"detail-type":["v2.users.{id}.presense"]}';
    const clean = await runCli(['lint', '--rules', pattern]);
    assert.equal(clean.code, 0, clean.stdout);
    assert.match(clean.stdout, /warning genesys-unknown-topic \[inline\]/);
    assert.ok(!/genesys-default-bus/.test(clean.stdout), 'a pattern file says nothing about its bus');
    const strict = await runCli(['lint', '--strict', '--rules', pattern]);
    assert.equal(strict.code, 1);
  });

  it('lint --rules main.tf --format junit: a case per rule with file and line, failures for errors', async () => {
    const file = 'examples/iac/terraform/main.tf';
    const run = await runCli(['lint', '--rules', file, '--format', 'junit']);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="gceb" tests="6" failures="3" errors="0">/);
    const line = lineContaining(file, 'resource "aws_cloudwatch_event_rule" "voicemail"');
    assert.match(run.stdout, new RegExp(`<testcase classname="${file}:${line}" name="aws_cloudwatch_event_rule.voicemail" time="0" file="${file}" line="${line}">\\n      <failure message="mediaType &quot;voice&quot; never matches`));
    assert.match(run.stdout, /<testcase [^>]*name="aws_cloudwatch_event_rule.customer_start"[^>]*\/>/);
    assert.match(run.stderr, /^gceb lint: 5 rule\(s\)/m);
  });

  it('bad --format and missing files are usage errors (exit 2)', async () => {
    assert.equal((await runCli(['lint', '--format', 'xml'])).code, 2);
    const missing = await runCli(['lint', '--rules', 'nope/template.yaml']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /not found/);
  });
});

describe('gceb test --format junit|github on IaC rules', () => {
  it('junit: a case per rule and expectation at the rule line of the template', async () => {
    const run = await runCli(['test', '--rules', SAM, '--events', 'sample', '--format', 'junit', '--expect', 'match']);
    assert.equal(run.code, 1);
    const cases = [...run.stdout.matchAll(/<testcase classname="([^"]*)" name="([^"]*)" time="0" file="([^"]*)" line="(\d+)"/g)].map((m) => ({ name: m[2], file: m[3], line: Number(m[4]) }));
    assert.deepEqual(cases.map((c) => c.name), [
      'CustomerStartFunction.CustomerStart (--expect match)',
      'VoicemailFunction.VoicemailEnd (--expect match)',
      'VoicemailFunction.AnyCall (--expect match)',
      'TranscriptionRule (--expect match)',
    ]);
    assert.deepEqual(cases.map((c) => c.line), [lineContaining(SAM, 'CustomerStart:'), lineContaining(SAM, 'VoicemailEnd:'), lineContaining(SAM, 'AnyCall:'), lineContaining(SAM, 'TranscriptionRule:')]);
    assert.ok(cases.every((c) => c.file === SAM));
    assert.match(run.stderr, /LongCallsRule: AWS rejects this pattern \(the pattern is JSON encoded twice\)/);
    assert.match(run.stderr, /AcdPipe\.Filters\[0\] is an EventBridge Pipes filter/);
    assert.match(run.stderr, /^gceb test FAILED: 4 rule\(s\) x 600 event\(s\)/m);
  });

  it('github: an error annotation per rule whose expectation fails, at its template line', async () => {
    const run = await runCli(['test', '--rules', SAM, '--events', 'sample', '--format', 'github', '--expect', 'match']);
    assert.equal(run.code, 1);
    const notes = parseAnnotations(run.stdout);
    const voicemail = notes.find((n) => n.title.startsWith('VoicemailFunction.VoicemailEnd'));
    assert.deepEqual([voicemail?.level, voicemail?.file, voicemail?.line], ['error', SAM, lineContaining(SAM, 'VoicemailEnd:')]);
    assert.match(voicemail!.message, /case-mismatch at detail\.eventBody\.mediaType/);
    assert.match(run.stdout.trimEnd().split('\n').pop()!, /^gceb test FAILED: /);
  });

  it('each kind runs: template, cdk.out, main.tf, plan.json, serverless.yml', async () => {
    for (const spec of ['examples/iac/sam/template.yaml', 'examples/iac/cdk.out', 'examples/iac/terraform/main.tf', 'examples/iac/terraform/plan/plan.json', 'examples/iac/serverless/serverless.yml']) {
      const run = await runCli(['test', '--rules', spec, '--events', 'sample', '--format', 'junit']);
      assert.equal(run.code, 0, `${spec}: ${run.stderr}`);
      assert.match(run.stdout, /<testsuite name="gceb test" tests="[1-9]/, spec);
    }
  });
});

describe('CI renderers escape what a template holds', () => {
  it('annotations: %, CR, LF and control characters in data; : and , in properties', () => {
    const text = annotation({ level: 'error', title: 'a:b,c', message: '50% done\r\nnext \u001b[31mred', file: 'dir,x/t:1.yaml', line: 3 });
    assert.equal(text, '::error file=dir%2Cx/t%3A1.yaml,line=3,title=a%3Ab%2Cc::50%25 done%0D%0Anext \\u001b[31mred');
  });

  it('junit: markup and control characters escaped', () => {
    assert.equal(xmlEscape('<a href="x">&\u0007'), '&lt;a href=&quot;x&quot;&gt;&amp;\\u0007');
    const xml = renderJunit([{ suite: 's', classname: 'c', name: 'n<1>', messages: [{ level: 'error', title: 't', message: 'm & \u001b' }], output: [] }]);
    assert.match(xml, /<testcase classname="c" name="n&lt;1&gt;" time="0">/);
    assert.match(xml, /<failure message="m &amp; \\u001b" type="t">m &amp; \\u001b<\/failure>/);
    assert.ok(!xml.includes('\u001b'));
  });
});
