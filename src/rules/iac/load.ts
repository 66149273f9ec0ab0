/** Which IaC reader a path needs, and IaC rules → the TestRules `gceb test` evaluates. */
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname } from 'node:path';
import { UserError } from '../../errors.js';
import { awsPatternError } from '../aws-validation.js';
import type { TestRule } from '../types.js';
import { escapeControlChars } from '../../explain/terminal-text.js';
import { isCloudFormationTemplate, rulesFromTemplate } from './cloudformation.js';
import { isCdkManifest, rulesFromCdkAssembly } from './cdk.js';
import { PositionedParseError, parsePositioned } from './positioned.js';
import { isServerlessService, rulesFromServerless } from './serverless.js';
import { TerraformSyntaxError, rulesFromTerraform } from './terraform-hcl.js';
import { isTerraformPlan, rulesFromTerraformPlan } from './terraform-plan.js';
import { BUS_PROPERTIES, type IacKind, type IacLoad, type IacRule } from './types.js';

const YAML_EXTENSIONS = new Set(['.yaml', '.yml', '.template']);

async function listing(path: string): Promise<string[] | undefined> {
  try {
    return await readdir(path);
  } catch {
    return undefined;
  }
}

function quickJson(text: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return undefined;
  }
}

/**
 * The IaC kind of a file or folder, or undefined for the project's own rule
 * files (patterns, rules files, AWS CLI output) which load as before.
 */
export async function iacKindOf(absolutePath: string): Promise<IacKind | undefined> {
  const info = await stat(absolutePath).catch(() => undefined);
  if (!info) return undefined;
  if (info.isDirectory()) {
    const names = (await listing(absolutePath)) ?? [];
    if (names.includes('manifest.json') && isCdkManifest(quickJson(await readFile(`${absolutePath}/manifest.json`, 'utf8')))) return 'cdk';
    if (names.some((n) => n.endsWith('.tf'))) return 'terraform';
    return undefined;
  }
  const ext = extname(absolutePath).toLowerCase();
  if (ext === '.tf') return 'terraform';
  if (YAML_EXTENSIONS.has(ext)) {
    const text = await readFile(absolutePath, 'utf8');
    return /^\s*service\s*:/m.test(text) && !/^Resources\s*:/m.test(text) ? 'serverless' : 'cloudformation';
  }
  if (ext === '.json') {
    const data = quickJson(await readFile(absolutePath, 'utf8'));
    if (isTerraformPlan(data)) return 'terraform-plan';
    if (basename(absolutePath) === 'manifest.json' && isCdkManifest(data)) return 'cdk';
    const resources = (data as { Resources?: unknown } | undefined)?.Resources;
    if (typeof resources === 'object' && resources !== null && !Array.isArray(resources)) return 'cloudformation';
  }
  return undefined;
}

function parseTemplate(text: string, file: string): ReturnType<typeof parsePositioned> {
  try {
    return parsePositioned(text);
  } catch (error) {
    if (error instanceof PositionedParseError) throw new UserError(`${file}:${error.line}: not valid YAML/JSON: ${error.reason}`);
    throw error;
  }
}

/** Reads the rules of one IaC file or folder (`display` is the path shown in messages). */
export async function loadIacRules(absolutePath: string, display: string, kind: IacKind): Promise<IacLoad> {
  if (kind === 'cdk') {
    const isDir = (await stat(absolutePath)).isDirectory();
    return rulesFromCdkAssembly(isDir ? absolutePath : dirname(absolutePath), isDir ? display : dirname(display));
  }
  if (kind === 'terraform') {
    const isDir = (await stat(absolutePath)).isDirectory();
    try {
      return isDir ? await rulesFromTerraform(absolutePath, display) : await rulesFromTerraform(dirname(absolutePath), dirname(display), absolutePath);
    } catch (error) {
      if (error instanceof TerraformSyntaxError) throw new UserError(`${error.file}:${error.line}: not valid Terraform: ${error.reason}`);
      throw error;
    }
  }
  let text: string;
  try {
    text = await readFile(absolutePath, 'utf8');
  } catch (error) {
    throw new UserError(`Cannot read ${display} (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}).`);
  }
  const root = parseTemplate(text, display);
  if (kind === 'terraform-plan') return rulesFromTerraformPlan(root, display);
  if (kind === 'serverless' || (isServerlessService(root) && !isCloudFormationTemplate(root))) return rulesFromServerless(root, display);
  if (!isCloudFormationTemplate(root)) {
    throw new UserError(`${display}: not a CloudFormation/SAM template (no Resources with a Type) nor a Serverless service (no "service").`);
  }
  return rulesFromTemplate(root, display, 'cloudformation');
}

/** `file:line (id)`: how reports name where an IaC rule was written. */
export function originOf(rule: IacRule): string {
  return `${rule.location.file}:${rule.location.line}`;
}

/**
 * The rules `gceb test` can evaluate. Pipes filters, rules with unresolved
 * parts and patterns AWS would reject (with AWS's text, at their line) are
 * skipped with a warning: the template's other rules are still tested, and
 * `gceb lint` reports each as a finding.
 */
export function iacToTestRules(load: IacLoad, warn?: (message: string) => void): TestRule[] {
  const onWarning = warn && ((message: string) => warn(escapeControlChars(message)));
  for (const note of load.notes) if (note.severity === 'warning') onWarning?.(`${note.file}:${note.line}: ${note.message}`);
  const out: TestRule[] = [];
  for (const rule of load.rules) {
    const at = `${rule.location.file}:${rule.location.patternLine ?? rule.location.line}`;
    if (rule.dialect === 'pipes') {
      onWarning?.(`${at}: ${rule.name} is an EventBridge Pipes filter (another dialect: it filters source records, not bus events); not tested.`);
      continue;
    }
    if (rule.problem) throw new UserError(`${at}: rule "${rule.name}": ${rule.problem}.`);
    const firstUnresolved = rule.unresolved.find((u) => !BUS_PROPERTIES.has(u.at));
    if (firstUnresolved) {
      onWarning?.(`${rule.location.file}:${firstUnresolved.line}: ${rule.name}: ${firstUnresolved.expression} cannot be resolved before deploy; rule not tested (see \`gceb lint\`).`);
      continue;
    }
    // What AWS is sent: the template's own string when it holds one (a double-encoded one is rejected).
    const text = rule.encoding.text ?? JSON.stringify(rule.pattern);
    const rejected = awsPatternError(text);
    if (rejected) {
      const reason = rejected.message.split('\n')[0]!.slice(0, 300);
      const why = rule.encoding.doubleEncoded ? ' (the pattern is JSON encoded twice)' : '';
      onWarning?.(`${at}: ${rule.name}: AWS rejects this pattern${why}: ${reason}; not tested (see \`gceb lint\`).`);
      continue;
    }
    out.push({
      name: rule.name,
      pattern: rule.pattern,
      origin: originOf(rule),
      location: rule.location,
      ...(rule.eventBusName !== undefined ? { eventBusName: rule.eventBusName } : {}),
      ...(rule.state !== undefined ? { state: rule.state } : {}),
      ...(rule.description !== undefined ? { description: rule.description } : {}),
    });
  }
  return out;
}
