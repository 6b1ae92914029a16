// Environment drift. Transloadit, December 2018: a new environment configuration named AMIs and security
// groups that did not exist in production; staging was set up differently, so every test passed, and the
// autoscalers got stuck. Tools evaluate one set of var files per run, so nothing compares environments.
// This rule compares the environments of a module (var files, callers of one module, Terragrunt inputs)
// and reports, in the file of the environment that differs: a required variable it does not set, a key the
// module does not declare, an ID or ARN elsewhere but a name here (or another kind of ID), and a value of
// another type. Values that legitimately differ (sizes, counts, names, CIDRs) are never compared.
import {
  UNKNOWN,
  defineRule,
  isWhollyKnown,
  type Block,
  type Environment,
  type EnvironmentEntry,
  type EnvironmentGroup,
  type Expression,
  type Module,
  type Range,
  type RuleContext,
  type Severity,
  type Value,
} from './api';

type MessageId =
  | 'missingVariable'
  | 'missingArgument'
  | 'undeclaredVariable'
  | 'unusedValue'
  | 'undeclaredArgument'
  | 'nameInsteadOfId'
  | 'otherIdKind'
  | 'otherType'
  | 'wrongType';

type Ctx = RuleContext<MessageId>;

// ---------------------------------------------------------------------------------------------
// What a value looks like

/** The kinds of identifier whose presence elsewhere makes a name here suspicious. */
const ID_KINDS: Readonly<Record<string, string>> = { ami: 'AMI ID', sg: 'security group ID', subnet: 'subnet ID', vpc: 'VPC ID', arn: 'ARN' };

const RESOURCE_ID = /^([a-z]+(?:-[a-z]+)*)-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:/;

/** `ami`, `sg`, `subnet`, `vpc`, `arn`, another ID prefix (`i`, `rtb`), or `name` for anything else. */
function shapeOf(text: string): string {
  if (ARN.test(text)) return 'arn';
  const id = RESOURCE_ID.exec(text);
  return id ? id[1]! : 'name';
}

function describeShape(shape: string): string {
  return ID_KINDS[shape] ?? (shape === 'name' ? 'name' : `${shape}-... ID`);
}

function article(word: string): string {
  return /^[aeiouAEIOU]/.test(word) && !/^(?:uni|use)/i.test(word) ? 'an' : 'a';
}

type TypeClass = 'string' | 'number' | 'bool' | 'list' | 'map';

function classOf(value: Value): TypeClass | undefined {
  if (value === null || value === UNKNOWN) return undefined;
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  return Array.isArray(value) ? 'list' : 'map';
}

const TYPE_NOUNS: Readonly<Record<TypeClass, string>> = { string: 'a string', number: 'a number', bool: 'a bool', list: 'a list', map: 'a map' };

/** Whether Terraform converts the value to the type class (`"3"` to a number, `3` to a string). */
function converts(value: Value, target: TypeClass): boolean {
  const from = classOf(value);
  if (from === undefined || from === target) return true;
  if (target === 'string') return from === 'number' || from === 'bool';
  if (target === 'number') return from === 'string' && /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test((value as string).trim());
  if (target === 'bool') return from === 'string' && (value === 'true' || value === 'false');
  return false;
}

/** The class of a `type = ...` constraint (`list(string)` is a list); undefined for `any` or none. */
function declaredClass(variable: Block | undefined): TypeClass | undefined {
  let expr = variable?.body.attributes.find((a) => a.name === 'type')?.expr;
  while (expr?.kind === 'parens') expr = expr.expr;
  if (expr?.kind === 'variable') return (['string', 'number', 'bool'] as const).find((t) => t === expr.name);
  if (expr?.kind === 'call') {
    if (['list', 'set', 'tuple'].includes(expr.name)) return 'list';
    if (['map', 'object'].includes(expr.name)) return 'map';
  }
  return undefined;
}

function render(value: Value): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

function listNames(names: readonly string[]): string {
  if (names.length <= 3) return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${names.slice(0, 2).join(', ')} and ${names.length - 2} more`;
}

function pathText(variable: string, path: readonly (string | number)[]): string {
  return (
    variable + path.map((step) => (typeof step === 'number' ? `[${step}]` : /^[A-Za-z_][\w-]*$/.test(step) ? `.${step}` : `[${JSON.stringify(step)}]`)).join('')
  );
}

/** The expression of a part of a value, when the source spells it out (`{ a = [x, y] }`); else undefined. */
function subExpression(expr: Expression | undefined, step: string | number): Expression | undefined {
  let at = expr;
  while (at?.kind === 'parens') at = at.expr;
  if (at?.kind === 'tuple' && typeof step === 'number') return at.items[step];
  if (at?.kind === 'object' && typeof step === 'string') {
    for (const item of at.items) {
      let key = item.key;
      while (key.kind === 'parens') key = key.expr;
      if (key.kind === 'literal' && String(key.value) === step) return item.value;
      if (key.kind === 'variable' && key.name === step) return item.value;
    }
  }
  return undefined;
}

function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(name.length / 4)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

// ---------------------------------------------------------------------------------------------
// Comparing one environment's value with the others'

interface Other {
  readonly environment: string;
  readonly value: Value;
  readonly expr: Expression | undefined;
}

interface Subject {
  readonly group: EnvironmentGroup;
  readonly environment: Environment;
  readonly entry: EnvironmentEntry;
}

function report(
  ctx: Ctx,
  subject: Subject,
  at: Expression,
  messageId: MessageId,
  data: Record<string, string>,
  related: Other | undefined,
  severity?: Severity,
): void {
  ctx.report({
    at,
    messageId,
    data: { variable: subject.entry.name, environment: subject.environment.name, ...data },
    ...(severity ? { severity } : {}),
    ...(related?.expr ? { related: [{ at: related.expr, message: `The value in ${related.environment}.` }] } : {}),
  });
}

function compareValue(ctx: Ctx, subject: Subject, path: (string | number)[], here: Value, expr: Expression, others: readonly Other[]): void {
  const hereClass = classOf(here);
  const known = others.filter((o) => classOf(o.value) !== undefined);
  if (hereClass === undefined || known.length === 0) return;
  const setting = pathText(subject.entry.name, path);

  // Another type. The declared type decides when there is one; else the others must agree.
  const declared = path.length === 0 ? declaredClass(subject.group.variables?.get(subject.entry.name)) : undefined;
  const classes = [...new Set(known.map((o) => classOf(o.value)!))];
  if (declared !== undefined) {
    if (!converts(here, declared) && known.some((o) => converts(o.value, declared))) {
      const like = known.find((o) => converts(o.value, declared));
      report(ctx, subject, expr, 'wrongType', { setting, type: TYPE_NOUNS[hereClass], declared: TYPE_NOUNS[declared] }, like, 'error');
      return;
    }
  } else if (classes.length === 1 && !converts(here, classes[0]!)) {
    report(
      ctx,
      subject,
      expr,
      'otherType',
      { setting, type: TYPE_NOUNS[hereClass], otherType: TYPE_NOUNS[classes[0]!], others: listNames(known.map((o) => o.environment)) },
      known[0],
    );
    return;
  }

  if (hereClass === 'map' && classes.length === 1 && classes[0] === 'map') {
    for (const [key, value] of Object.entries(here as { [key: string]: Value })) {
      const inner = known
        .filter((o) => Object.prototype.hasOwnProperty.call(o.value, key))
        .map((o): Other => ({ environment: o.environment, value: (o.value as { [key: string]: Value })[key]!, expr: subExpression(o.expr, key) }));
      compareValue(ctx, subject, [...path, key], value, subExpression(expr, key) ?? expr, inner);
    }
    return;
  }

  if (hereClass === 'list' && classes.length === 1 && classes[0] === 'list') {
    // A list of IDs: every element of the others' lists is one kind of ID; an element here is something else.
    const elements = known.flatMap((o) =>
      (o.value as readonly Value[]).map((value, i): Other => ({ environment: o.environment, value, expr: subExpression(o.expr, i) })),
    );
    const kind = commonIdKind(elements);
    if (kind === undefined) return;
    (here as readonly Value[]).forEach((element, i) => {
      if (typeof element !== 'string' || element === '') return;
      const shape = shapeOf(element);
      if (shape === kind.shape) return;
      const elementSetting = pathText(subject.entry.name, [...path, i]);
      reportShape(ctx, subject, subExpression(expr, i) ?? expr, elementSetting, element, shape, kind);
    });
    return;
  }

  if (hereClass === 'string' && here !== '') {
    const kind = commonIdKind(known);
    const shape = shapeOf(here as string);
    if (kind && shape !== kind.shape) reportShape(ctx, subject, expr, setting, here as string, shape, kind);
  }
}

/** The one kind of ID (AMI, security group, subnet, VPC, ARN) every known string among `values` has. */
function commonIdKind(values: readonly Other[]): { shape: string; others: string[]; example: Other } | undefined {
  const strings = values.filter((o): o is Other & { value: string } => typeof o.value === 'string' && o.value !== '');
  if (strings.length === 0 || strings.length < values.filter((o) => o.value !== null && o.value !== UNKNOWN).length) return undefined;
  const shapes = new Set(strings.map((o) => shapeOf(o.value)));
  if (shapes.size !== 1) return undefined;
  const shape = [...shapes][0]!;
  if (!(shape in ID_KINDS)) return undefined;
  return { shape, others: [...new Set(strings.map((o) => o.environment))], example: strings[0]! };
}

function reportShape(
  ctx: Ctx,
  subject: Subject,
  at: Expression,
  setting: string,
  value: string,
  shape: string,
  kind: { shape: string; others: string[]; example: Other },
): void {
  const expected = describeShape(kind.shape);
  const data = {
    setting,
    value: render(value),
    kind: expected,
    a: article(expected),
    others: listNames(kind.others),
    example: render(kind.example.value),
  };
  if (shape === 'name') {
    // An ARN parameter usually takes a KMS alias or key ID as well: not a mistake.
    if (kind.shape === 'arn' && (/^alias\//.test(value) || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value))) return;
    report(ctx, subject, at, 'nameInsteadOfId', data, kind.example);
  } else {
    const found = describeShape(shape);
    report(ctx, subject, at, 'otherIdKind', { ...data, found, foundA: article(found) }, kind.example);
  }
}

// ---------------------------------------------------------------------------------------------
// The rule

function anchorOf(environment: Environment): { at: Block | Expression | Range; file?: string } {
  const anchor = environment.anchor;
  // An attribute (Terragrunt's `inputs`) by its name: its value spans the whole object.
  if ('node' in anchor) return anchor.node === 'attribute' ? { at: anchor.nameRange, file: anchor.file } : { at: anchor };
  return { at: anchor.range, file: anchor.file };
}

/**
 * A module that declares variables but has nothing to use them (no resource, data source or module call) is
 * a declarations file shared with the modules that do (linked or generated into them): its var files feed
 * those modules too, so a key it does not declare is not a mistake.
 */
function isSharedDeclarations(group: EnvironmentGroup, module: Module): boolean {
  return group.target === module.dir && module.resources.length === 0 && module.dataSources.length === 0 && module.moduleCalls.size === 0;
}

function checkGroup(group: EnvironmentGroup, module: Module, ctx: Ctx): void {
  const isCall = group.kind === 'module-call';
  const checkKeys = group.variables !== undefined && (isCall || !isSharedDeclarations(group, module));
  for (const environment of group.environments) {
    if (!environment.own) continue;
    const others = group.environments.filter((e) => e !== environment);

    for (const entry of environment.entries.values()) {
      if (entry.inherited) continue;
      if (group.variables && !group.variables.has(entry.name)) {
        // A var file outside the module's folder may serve other modules as well.
        if (!checkKeys || entry.outsideModule) continue;
        // Terraform rejects an undeclared module argument. An undeclared var-file key or Terragrunt input is
        // ignored: likely a typo or a renamed variable (which then runs on its default) when a declared name
        // is close, else a value nothing reads.
        const guess = closest(entry.name, group.variables.keys());
        ctx.report({
          at: entry.attribute.nameRange,
          file: entry.attribute.file,
          messageId: isCall ? 'undeclaredArgument' : guess ? 'undeclaredVariable' : 'unusedValue',
          data: { variable: entry.name, environment: environment.name, hint: guess ? ` (did you mean "${guess}"?)` : '' },
          severity: isCall ? 'error' : guess ? 'warning' : 'info',
        });
        continue;
      }
      if (!entry.value.known || !isWhollyKnown(entry.value.value)) continue;
      const compared: Other[] = [];
      for (const other of others) {
        const theirs = other.entries.get(entry.name);
        if (theirs?.value.known && isWhollyKnown(theirs.value.value))
          compared.push({ environment: other.name, value: theirs.value.value, expr: theirs.attribute.expr });
      }
      compareValue(ctx, { group, environment, entry }, [], entry.value.value, entry.attribute.expr, compared);
    }

    if (!environment.complete || !group.variables || !checkKeys) continue;
    for (const [name, variable] of group.variables) {
      if (environment.entries.has(name) || variable.body.attributes.some((a) => a.name === 'default')) continue;
      // Set by every other environment: when they disagree among themselves, the value comes from
      // somewhere else (CI, a secret var file) for some of them, and may for this one too.
      if (!others.every((o) => o.entries.get(name)?.inherited === false)) continue;
      const setters = others.map((o) => o.name);
      ctx.report({
        ...anchorOf(environment),
        messageId: isCall ? 'missingArgument' : 'missingVariable',
        data: { variable: name, environment: environment.name, others: listNames(setters) },
        severity: isCall ? 'error' : 'warning',
      });
    }
  }
}

export default defineRule<MessageId>({
  meta: {
    id: 'env-variable-drift',
    title: 'Keep environments consistent with each other',
    description:
      'When one environment sets a variable the others set differently in kind (a name where they have an ID, a list where they have a string) or not at all, the environment that was never tested is the one that breaks: tests pass in staging and production fails.',
    category: 'correctness',
    severity: 'warning',
    recommended: true,
    appliesTo: [{ block: 'variable' }, { block: 'module' }],
    fixable: 'none',
    messages: {
      missingVariable:
        'Variable "{variable}" has no default and {others} set it, but {environment} does not, so a plan for {environment} fails or waits for a value. Set it for {environment} as well.',
      missingArgument:
        'The called module requires "{variable}" (it has no default) and {others} pass it, but {environment} does not, so Terraform rejects this call and the plan for {environment} fails. Pass it here as well.',
      undeclaredVariable:
        'The module declares no variable "{variable}"{hint}, so the value {environment} sets here is ignored and that variable keeps its default. Rename it to the variable it was meant for.',
      unusedValue:
        'The module declares no variable "{variable}", so nothing reads the value {environment} sets here. Remove it, or declare the variable if the module should use it.',
      undeclaredArgument:
        'The called module declares no variable "{variable}", so Terraform rejects this argument and the plan for {environment} fails{hint}. Rename it to the variable it was meant for, or remove it.',
      nameInsteadOfId:
        '{setting} is "{value}" in {environment}, but {a} {kind} in {others} ("{example}"): a name where an ID is expected matches nothing when {environment} is deployed. Use the {kind} of {environment}.',
      otherIdKind:
        '{setting} is {foundA} {found} ("{value}") in {environment}, but {a} {kind} in {others} ("{example}"). Check that {environment} passes the right resource.',
      otherType:
        '{setting} is {type} in {environment} but {otherType} in {others}, so the module receives a value of another type here than where it was tested. Give {environment} {otherType} too.',
      wrongType:
        '{setting} is {type} in {environment}, but the variable is declared as {declared}, as the other environments set it, so the plan for {environment} fails. Give it {declared}.',
    },
    incident: 'Transloadit, December 2018: new environment config named AMIs and security groups missing in production',
    since: '0.1.0',
    runsOn: 'roots',
  },

  checkModule(module, ctx) {
    for (const group of module.environments) checkGroup(group, module, ctx);
  },
});
