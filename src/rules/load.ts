import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { displayPath } from '../display-path.js';
import { UserError } from '../errors.js';
import { isAwsRuleSpec, loadRulesFromAws } from '../aws/rules-source.js';
import { checkPatternLength, compilePattern } from '../pattern/index.js';
import { SAMPLE_RULES_DIR } from '../sample/paths.js';
import { JsonTextError, parseJsonText } from './json-text.js';
import { iacKindOf, iacToTestRules, loadIacRules } from './iac/load.js';
import { EXPECTATIONS, type Expectation, type TestRule } from './types.js';

export interface LoadRulesOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** AWS region for `rule:` / `bus:` specs. */
  region?: string;
  /** Told about rules that are skipped (e.g. scheduled AWS rules without an event pattern). */
  onWarning?: (message: string) => void;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function where(origin: string, rule?: string): string {
  return rule === undefined ? origin : `${origin}: rule "${rule}"`;
}

/** Compiles the pattern to check it; AWS's own reason on failure. `text` is the pattern as written, for AWS's line/column. */
function validatePattern(text: string, origin: string, rule: string): void {
  try {
    checkPatternLength(text);
    compilePattern(text);
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'InvalidEventPatternException' || name === 'ValidationException') {
      throw new UserError(`${where(origin, rule)}: ${(error as Error).message}`, {
        hint: 'Fix the pattern; the reason above is the text AWS EventBridge returns for it.',
      });
    }
    throw error;
  }
}

function parsePatternString(text: string, origin: string, rule: string): unknown {
  try {
    return parseJsonText(text);
  } catch (error) {
    const reason = error instanceof JsonTextError ? error.message : String(error);
    throw new UserError(`${where(origin, rule)}: the pattern string is not valid JSON: ${reason}.`);
  }
}

function readExpect(value: unknown, origin: string, rule: string): Expectation | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (EXPECTATIONS as readonly string[]).includes(value)) return value as Expectation;
  throw new UserError(`${where(origin, rule)}: "expect" must be "match" or "no-match", not ${JSON.stringify(value)}.`);
}

function ruleFromEntry(entry: unknown, index: number, origin: string): TestRule {
  if (!isObject(entry)) throw new UserError(`${origin}: rules[${index}] must be an object with "name" and "pattern".`);
  const name = entry.name;
  if (typeof name !== 'string' || name.trim() === '') {
    throw new UserError(`${origin}: rules[${index}] needs a non-empty string "name".`);
  }
  const raw = entry.pattern;
  if (raw === undefined) throw new UserError(`${where(origin, name)}: "pattern" is missing.`);
  const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
  const pattern = typeof raw === 'string' ? parsePatternString(raw, origin, name) : raw;
  validatePattern(text, origin, name);
  const description = typeof entry.description === 'string' ? entry.description : undefined;
  const expect = readExpect(entry.expect, origin, name);
  return { name, pattern, origin, ...(description ? { description } : {}), ...(expect ? { expect } : {}) };
}

function ruleFromAwsShape(entry: Record<string, unknown>, origin: string, onWarning?: (m: string) => void): TestRule | undefined {
  const name = typeof entry.Name === 'string' ? entry.Name : undefined;
  if (!name) throw new UserError(`${origin}: an AWS rule without "Name".`);
  if (typeof entry.EventPattern !== 'string') {
    onWarning?.(`${where(origin, name)} has no EventPattern (a scheduled rule?); skipped.`);
    return undefined;
  }
  const pattern = parsePatternString(entry.EventPattern, origin, name);
  validatePattern(entry.EventPattern, origin, name);
  return {
    name,
    pattern,
    origin,
    ...(typeof entry.EventBusName === 'string' ? { eventBusName: entry.EventBusName } : {}),
    ...(typeof entry.State === 'string' ? { state: entry.State } : {}),
    ...(typeof entry.Description === 'string' ? { description: entry.Description } : {}),
  };
}

/** One `.json` file: a single pattern, a named-rules file, or AWS CLI output. */
export function rulesFromText(text: string, origin: string, onWarning?: (m: string) => void): TestRule[] {
  let data: unknown;
  try {
    data = parseJsonText(text);
  } catch (error) {
    const reason = error instanceof JsonTextError ? error.message : String(error);
    throw new UserError(`${origin}: not valid JSON: ${reason}.`, { hint: 'A rules file holds one pattern, {"rules": [...]}, or AWS CLI list-rules / describe-rule output.' });
  }
  if (isObject(data) && Array.isArray(data.rules)) {
    return data.rules.map((entry, index) => ruleFromEntry(entry, index, origin));
  }
  if (isObject(data) && Array.isArray(data.Rules)) {
    return data.Rules.flatMap((entry, index) => {
      if (!isObject(entry)) throw new UserError(`${origin}: Rules[${index}] must be an object.`);
      const rule = ruleFromAwsShape(entry, origin, onWarning);
      return rule ? [rule] : [];
    });
  }
  if (isObject(data) && typeof data.Name === 'string' && 'EventPattern' in data) {
    const rule = ruleFromAwsShape(data, origin, onWarning);
    return rule ? [rule] : [];
  }
  const name = basename(origin, extname(origin));
  validatePattern(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, origin, name);
  return [{ name, pattern: data, origin }];
}

async function rulesFromPath(spec: string, cwd: string, onWarning?: (m: string) => void): Promise<TestRule[]> {
  const path = spec === 'sample' ? SAMPLE_RULES_DIR : resolve(cwd, spec);
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new UserError(`Rules file or folder not found: ${spec}`, {
      hint: 'Give a .json pattern or rules file, a folder of them, inline JSON, `rule:NAME@BUS`, `bus:BUS` or `sample`.',
    });
  }
  const iac = await iacKindOf(path);
  if (iac) return iacToTestRules(await loadIacRules(path, displayPath(path, cwd), iac), onWarning);
  if (info.isDirectory()) {
    const names = (await readdir(path)).filter((n) => n.toLowerCase().endsWith('.json')).sort();
    if (names.length === 0) throw new UserError(`No .json rule files in folder ${spec}`);
    const rules: TestRule[] = [];
    for (const name of names) rules.push(...(await rulesFromFile(join(path, name), cwd, onWarning)));
    return rules;
  }
  return rulesFromFile(path, cwd, onWarning);
}

async function rulesFromFile(absolutePath: string, cwd: string, onWarning?: (m: string) => void): Promise<TestRule[]> {
  const path = displayPath(absolutePath, cwd);
  let text: string;
  try {
    text = await readFile(absolutePath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new UserError(`Cannot read rules file ${path} (${code}).`);
  }
  return rulesFromText(text, path, onWarning);
}

function assertUniqueNames(rules: TestRule[]): void {
  const seen = new Map<string, TestRule>();
  for (const rule of rules) {
    const first = seen.get(rule.name);
    if (first) {
      throw new UserError(`Duplicate rule name "${rule.name}": in ${first.origin} and in ${rule.origin}.`, {
        hint: 'Rule names identify verdicts; rename one of them.',
      });
    }
    seen.set(rule.name, rule);
  }
}

/**
 * Loads every rule named by `specs`: files, folders (every `.json`, sorted),
 * inline JSON patterns (name `inline`, `inline-2`, ...), `sample`, and
 * `rule:NAME@BUS` / `bus:BUS` from AWS. Throws UserError naming the file and
 * rule for anything wrong; rule names must be unique.
 */
export async function loadRules(specs: string[], options: LoadRulesOptions = {}): Promise<TestRule[]> {
  const cwd = options.cwd ?? process.cwd();
  const rules: TestRule[] = [];
  let inline = 0;
  for (const spec of specs) {
    const trimmed = spec.trim();
    if (trimmed.startsWith('{')) {
      inline++;
      const name = inline === 1 ? 'inline' : `inline-${inline}`;
      const pattern = parsePatternString(trimmed, 'inline pattern', name);
      validatePattern(trimmed, 'inline pattern', name);
      rules.push({ name, pattern, origin: 'inline' });
    } else if (isAwsRuleSpec(trimmed)) {
      const fromAws = await loadRulesFromAws(trimmed, { env: options.env ?? {}, ...(options.region ? { region: options.region } : {}) });
      rules.push(...fromAws);
    } else {
      rules.push(...(await rulesFromPath(trimmed, cwd, options.onWarning)));
    }
  }
  assertUniqueNames(rules);
  return rules;
}
