// What the schema cannot say about a rule file: one operator per condition, names from `follow` that
// exist, regular expressions that compile (RE2, as Terraform), a message for every report.
import { didYouMean } from '../closest-name';
import { isValueRef, listOf, OPERATORS, VALUE_OPERATORS, type Condition, type Operand, type Operator, type RuleDefinition } from './definition';
import { compileRe2 } from './re2';
import { keyName, RuleFileError, type KeyPath } from './rule-file-error';
import type { SourcePositions } from './source-positions';

class Problem {
  constructor(
    readonly at: KeyPath,
    readonly message: string,
    readonly key?: string,
  ) {}
}

export function definitionError(file: string, definition: RuleDefinition, positions: SourcePositions): RuleFileError | undefined {
  try {
    checkDefinition(definition);
    return undefined;
  } catch (thrown) {
    if (!(thrown instanceof Problem)) throw thrown;
    const where = positions.of(thrown.at, thrown.key);
    return new RuleFileError(file, where.line, where.column, keyName(thrown.key === undefined ? thrown.at : [...thrown.at, thrown.key]), thrown.message);
  }
}

function checkDefinition(definition: RuleDefinition): void {
  const names: string[] = [];
  for (const [name, step] of Object.entries(definition.follow ?? {})) {
    if (step.from !== undefined) knownName(step.from, names, ['follow', name, 'from']);
    if (step['by-name']?.extract !== undefined) checkRegex(step['by-name'].extract, ['follow', name, 'by-name', 'extract']);
    names.push(name);
  }
  const when = definition.when;
  if (Array.isArray(when)) when.forEach((c, i) => checkCondition(c as Condition, ['when', i], names));
  else if (when !== undefined) checkCondition(when as Condition, ['when'], names);
  const report = definition.report;
  if (report === undefined) {
    if (definition.when === undefined) throw new Problem([], 'a rule needs "report" or "when" (without "report", every block "when" selects is reported)');
  } else if (Array.isArray(report)) {
    const ids = new Set<string>();
    (report as readonly { id: string; if: Condition; message?: string }[]).forEach((c, i) => {
      if (ids.has(c.id)) throw new Problem(['report', i, 'id'], `"${c.id}" names another case already; each case needs its own id`);
      ids.add(c.id);
      checkCondition(c.if, ['report', i, 'if'], names);
      if (c.message === undefined && definition.message === undefined)
        throw new Problem(['report', i], 'this case has no "message" and the rule has none either');
    });
  } else checkCondition(report as Condition, ['report'], names);
  if (!Array.isArray(report) && definition.message === undefined) throw new Problem([], 'missing "message"');
  const fix = definition.fix;
  if (fix) {
    if ((fix.set === undefined) === (fix.remove === undefined))
      throw new Problem(['fix'], 'a fix either sets an argument ("set") or removes one ("remove"), one of the two');
    if (fix.of !== undefined) knownName(fix.of, names, ['fix', 'of']);
    if (fix.set) checkOperand(fix.set.value, ['fix', 'set', 'value'], names);
  }
  for (const [at, example] of [
    ...(definition.valid ?? []).map((e, i) => [['valid', i], e] as const),
    ...(definition.invalid ?? []).map((e, i) => [['invalid', i], e] as const),
  ]) {
    const code = typeof example === 'string' ? example : example.code;
    if (code.trim() === '') throw new Problem(at, 'an example needs HCL code');
  }
}

function checkCondition(condition: Condition, at: KeyPath, names: readonly string[]): void {
  const used = OPERATORS.filter((op) => condition[op] !== undefined);
  if (used.length === 0) {
    const hint =
      condition.attribute !== undefined
        ? `; "${condition.attribute}" needs one of equals, in, matches, less-than, greater-than, present, absent`
        : `: one of ${OPERATORS.join(', ')}`;
    throw new Problem(at, `a condition needs an operator${hint}`);
  }
  if (used.length > 1) throw new Problem(at, `a condition takes one operator, not ${used.join(' and ')}; put several under "all"`, used[1]);
  const op: Operator = used[0]!;
  if (VALUE_OPERATORS.has(op) && condition.attribute === undefined) throw new Problem(at, `"${op}" compares the value of an argument: add "attribute"`);
  if (!VALUE_OPERATORS.has(op) && condition.attribute !== undefined)
    throw new Problem(at, `"attribute" goes with equals, in, matches, less-than, greater-than, present or absent, not "${op}"`, 'attribute');
  if (condition.default !== undefined && condition.attribute === undefined)
    throw new Problem(at, '"default" is the value of an absent "attribute"; add "attribute"', 'default');
  if (condition.where !== undefined && op !== 'some-block' && op !== 'no-block') throw new Problem(at, '"where" goes with some-block or no-block', 'where');
  if (condition.of !== undefined) {
    if (op === 'exists' || op === 'none-exists' || op === 'all' || op === 'any' || op === 'not')
      throw new Problem(at, `"of" does not apply to "${op}"; put it on the conditions inside`, 'of');
    knownName(condition.of, names, [...at, 'of']);
  }
  switch (op) {
    case 'all':
    case 'any':
      condition[op]!.forEach((c, i) => checkCondition(c, [...at, op, i], names));
      break;
    case 'not':
      checkCondition(condition.not!, [...at, 'not'], names);
      break;
    case 'some-block':
    case 'no-block':
      if (condition.where !== undefined) checkCondition(condition.where, [...at, 'where'], names);
      break;
    case 'exists':
    case 'none-exists':
      if (condition[op]!.where !== undefined) checkCondition(condition[op]!.where!, [...at, op, 'where'], names);
      break;
    case 'matches':
      checkRegex(condition.matches!, [...at, 'matches']);
      break;
    case 'equals':
    case 'less-than':
    case 'greater-than':
      checkOperand(condition[op], [...at, op], names);
      break;
    default:
      break;
  }
}

function checkOperand(operand: Operand | undefined, at: KeyPath, names: readonly string[]): void {
  if (isValueRef(operand) && operand.of !== undefined) knownName(operand.of, names, [...at, 'of']);
}

function knownName(name: string, names: readonly string[], at: KeyPath): void {
  if (names.includes(name)) return;
  const hint =
    names.length === 0
      ? '; declare it under "follow" first'
      : (didYouMean(name, names) ?? `; "follow" declares ${names.map((n) => `"${n}"`).join(', ')} before this`);
  throw new Problem(at, `"${name}" is not a name from "follow"${hint}`);
}

function checkRegex(pattern: string, at: KeyPath): void {
  const problem = compileRe2(pattern).problem;
  if (problem !== undefined) throw new Problem(at, `not an RE2 regular expression (Terraform's syntax): ${problem}`);
}

export { listOf };
