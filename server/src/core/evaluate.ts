// Static evaluation: the value of an expression from what the configuration itself states, or unknown.
// Never a guess: anything that depends on the provider, on state, on a module's outputs or on an unset
// variable is UNKNOWN, and known collections may hold UNKNOWN parts.
import {
  isExpanded,
  UNKNOWN,
  type Block,
  type Evaluated,
  type Expression,
  type Instance,
  type TemplatePart,
  type TraversalStep,
  type Value,
} from '../../../rules/api';
import { EvalError } from './eval-error';
import { FUNCTIONS } from './functions/registry';
import type { ModuleIndex } from './module';
import { convertToType, defineValue, parseTypeConstraint } from './type-constraint';
import { containsUnknown, toTfBool, toTfNumber, toTfString, valuesEqual } from './value-ops';

/** Names bound by `for` expressions and template `for` directives, innermost first. */
interface Binding {
  readonly name: string;
  readonly value: Value;
  readonly parent: Binding | undefined;
}

interface Scope {
  readonly instance: Instance | undefined;
  readonly bindings: Binding | undefined;
}

interface Cached {
  readonly value: Value;
  readonly inputs: readonly string[];
}

const PENDING = Symbol('pending');

/** The arguments of a module call, by variable name; they may be evaluated only when asked for. */
export interface CallArguments {
  has(name: string): boolean;
  get(name: string): Value | undefined;
  /** Whether part of the argument's value is a plan's (what a data source returned in the caller, say). */
  fromPlan?(name: string): boolean;
}

/** Among an evaluation's inputs, the mark that part of its value is a plan's (it is not a variable name). */
const FROM_PLAN = '\u0000plan';

/**
 * The call a module written from a plan uses for a value: `premortem_planned(<what the configuration
 * says>, <what the plan says>)`. The first when it is known and is the plan's value (a caller's argument
 * passed on), else the plan's, marked as the plan's.
 */
export const PLANNED_FUNCTION = 'premortem_planned';

/** What a module instance knows beyond its own text: its children's outputs, and a plan's values. */
export interface ModuleOutputs {
  /** Output `name` of the instance that `call` (an instance of a module call) creates; unknown when it cannot be read. */
  outputValue(call: Block, name: string): Evaluated;
  /** The planned value of an attribute of a resource or data source instance, when a plan says it. */
  plannedValue?(block: Block, name: string): Value | undefined;
}

/** The `for_each` behind an expanded instance: the collection its key indexes, and the scope it was evaluated in. */
export interface InstanceSource {
  readonly forEach: Expression;
  readonly within: Instance | undefined;
}

/**
 * Names and functions a language built on Terraform's adds (Terragrunt's `include`, `find_in_parent_folders()`).
 * A function returns UNKNOWN for what it cannot know and throws EvalError where the tool would fail.
 */
export interface EvaluatorExtensions {
  readonly functions?: ReadonlyMap<string, (args: readonly Value[]) => Value>;
  readonly roots?: ReadonlyMap<string, Value>;
}

/** How deep evaluation may recurse through locals and references before giving up (never a stack overflow). */
const MAX_EVAL_DEPTH = 150;

export class Evaluator {
  private readonly locals = new Map<string, Cached | typeof PENDING>();
  private readonly attributes = new Map<Expression, Map<Instance | undefined, Cached | typeof PENDING>>();
  private variableValues?: Map<string, Value>;
  /** Input variables' values as read (converted to their types), by name. */
  private readonly variables = new Map<string, Value>();
  /** Input variables read by the evaluation in progress. */
  private inputs = new Set<string>();
  private depth = 0;

  /**
   * `callArguments` evaluates a child module as one of its calls sees it: the call's arguments replace
   * var files, and a variable the call leaves out takes its default. `outputs` reads child modules'
   * outputs; without it, `module.x.out` is unknown.
   */
  constructor(
    private readonly module: ModuleIndex,
    private readonly callArguments?: CallArguments,
    private readonly outputs?: ModuleOutputs,
    private readonly extensions?: EvaluatorExtensions,
  ) {}

  /** The value of an expression in the scope of a (possibly expanded) block. */
  valueOf(expr: Expression | undefined, within?: Block): Evaluated {
    return this.valueAt(expr, within?.instance);
  }

  /** The value of an expression with the bindings of an instance (`each`, `count`, a dynamic block's iterator). */
  valueAt(expr: Expression | undefined, instance: Instance | undefined): Evaluated {
    if (!expr) return { known: false };
    const outer = this.inputs;
    this.inputs = new Set();
    try {
      const value = this.evaluate(expr, { instance, bindings: undefined });
      if (value === UNKNOWN) return { known: false };
      if (!this.inputs.has(FROM_PLAN)) return { known: true, value, inputs: [...this.inputs] };
      return { known: true, value, inputs: [...this.inputs].filter((name) => name !== FROM_PLAN), fromPlan: true };
    } catch (error) {
      if (error instanceof EvalError || error instanceof RangeError) return { known: false };
      throw error;
    } finally {
      for (const name of this.inputs) outer.add(name);
      this.inputs = outer;
    }
  }

  /** Evaluates with no bindings at all; for values that may not refer to anything (defaults, tfvars). */
  literalValue(expr: Expression): Value {
    return this.evaluate(expr, { instance: undefined, bindings: undefined });
  }

  // -------------------------------------------------------------------------------------------

  private evaluate(expr: Expression, scope: Scope): Value {
    if (++this.depth > MAX_EVAL_DEPTH) {
      this.depth--;
      return UNKNOWN;
    }
    try {
      return this.evaluateNode(expr, scope);
    } finally {
      this.depth--;
    }
  }

  private evaluateNode(expr: Expression, scope: Scope): Value {
    switch (expr.kind) {
      case 'literal':
        return expr.value;
      case 'template':
        return this.template(expr.parts, scope);
      case 'variable':
        return this.bareName(expr.name, scope);
      case 'traversal':
        return this.traversal(expr.source, expr.steps, scope);
      case 'call':
        return this.call(expr, scope);
      case 'tuple':
        return expr.items.map((item) => this.evaluate(item, scope));
      case 'object': {
        const out: Record<string, Value> = {};
        let unknownKey = false;
        for (const item of expr.items) {
          const key = this.evaluate(item.key, scope);
          if (key === UNKNOWN) {
            unknownKey = true;
            continue;
          }
          if (key === null) throw new EvalError('an object key must not be null');
          const name = toTfString(key);
          if (name === UNKNOWN) {
            unknownKey = true;
            continue;
          }
          defineValue(out, name, this.evaluate(item.value, scope));
        }
        return unknownKey ? UNKNOWN : out;
      }
      case 'conditional':
        return this.conditional(expr, scope);
      case 'binary':
        return this.binary(expr, scope);
      case 'unary': {
        const operand = this.evaluate(expr.operand, scope);
        const converted = expr.op === '!' ? toTfBool(operand) : toTfNumber(operand);
        if (converted === UNKNOWN) return UNKNOWN;
        return typeof converted === 'boolean' ? !converted : -converted;
      }
      case 'for':
        return this.forExpression(expr, scope);
      case 'parens':
        return this.evaluate(expr.expr, scope);
      case 'invalid':
        return UNKNOWN;
    }
  }

  private template(parts: readonly TemplatePart[], scope: Scope): Value {
    // A template that is exactly one interpolation yields that value unchanged, as in Terraform.
    if (parts.length === 1 && parts[0]!.kind === 'interpolation') return this.evaluate(parts[0]!.expr, scope);
    let out = '';
    let unknown = false;
    const render = (list: readonly TemplatePart[], current: Scope): void => {
      for (const part of list) {
        switch (part.kind) {
          case 'text':
            out += part.value;
            break;
          case 'interpolation': {
            const value = this.evaluate(part.expr, current);
            if (value === null) throw new EvalError('a template interpolation produced null');
            const text = toTfString(value);
            if (text === UNKNOWN) unknown = true;
            else out += text;
            break;
          }
          case 'if': {
            const condition = toTfBool(this.evaluate(part.condition, current));
            if (condition === UNKNOWN) unknown = true;
            else if (condition) render(part.then, current);
            else if (part.else) render(part.else, current);
            break;
          }
          case 'for': {
            const collection = this.evaluate(part.collection, current);
            if (collection === UNKNOWN) {
              unknown = true;
              break;
            }
            for (const [key, value] of entriesOf(collection)) {
              let bindings: Binding | undefined = { name: part.valueVar, value, parent: current.bindings };
              if (part.keyVar !== undefined) bindings = { name: part.keyVar, value: key, parent: bindings };
              render(part.body, { instance: current.instance, bindings });
            }
            break;
          }
        }
      }
    };
    render(parts, scope);
    return unknown ? UNKNOWN : out;
  }

  private bareName(name: string, scope: Scope): Value {
    for (let b = scope.bindings; b; b = b.parent) if (b.name === name) return b.value;
    for (let instance = scope.instance; instance; instance = instance.parent) {
      if (instance.iterator?.name === name) return { key: instance.iterator.key, value: instance.iterator.value };
    }
    return this.extensions?.roots?.get(name) ?? UNKNOWN;
  }

  private traversal(source: Expression, steps: readonly TraversalStep[], scope: Scope): Value {
    if (source.kind === 'variable' && !isBound(source.name, scope)) {
      const resolved = this.reference(source.name, steps, scope);
      if (resolved) return this.applySteps(resolved.value, steps.slice(resolved.consumed), scope);
    }
    return this.applySteps(this.evaluate(source, scope), steps, scope);
  }

  /** Resolves the root of a reference; `consumed` says how many steps it used. */
  private reference(root: string, steps: readonly TraversalStep[], scope: Scope): { value: Value; consumed: number } | undefined {
    const first = steps[0]?.kind === 'attr' ? steps[0].name : undefined;
    switch (root) {
      case 'var':
        if (first === undefined) return { value: UNKNOWN, consumed: steps.length };
        this.inputs.add(first);
        if (this.callArguments?.fromPlan?.(first)) this.inputs.add(FROM_PLAN);
        return { value: this.variable(first), consumed: 1 };
      case 'local':
        if (first === undefined) return { value: UNKNOWN, consumed: steps.length };
        return { value: this.local(first), consumed: 1 };
      case 'each': {
        const each = findInstance(scope.instance, (i) => i.each);
        if (!each || (first !== 'key' && first !== 'value')) return { value: UNKNOWN, consumed: steps.length };
        return { value: each[first], consumed: 1 };
      }
      case 'count': {
        const count = findInstance(scope.instance, (i) => i.count);
        if (!count || first !== 'index') return { value: UNKNOWN, consumed: steps.length };
        return { value: count.index, consumed: 1 };
      }
      case 'module':
        return this.moduleOutput(first, steps, scope);
      case 'path':
      case 'terraform':
      case 'self':
        return { value: UNKNOWN, consumed: steps.length };
      case 'data': {
        const second = steps[1]?.kind === 'attr' ? steps[1].name : undefined;
        if (first === undefined || second === undefined) return { value: UNKNOWN, consumed: steps.length };
        const block = this.module.dataSource(first, second);
        if (!block) return { value: UNKNOWN, consumed: steps.length };
        return this.resourceTraversal(block, steps.slice(2), 2);
      }
      default: {
        const extra = this.extensions?.roots?.get(root);
        if (extra !== undefined) return { value: extra, consumed: 0 };
        if (first === undefined) return undefined;
        const block = this.module.resource(root, first);
        if (!block) return undefined;
        return this.resourceTraversal(block, steps.slice(1), 1);
      }
    }
  }

  /** `module.x.out`, or `module.x[key].out` for a call under count/for_each: the child instance's output. */
  private moduleOutput(name: string | undefined, steps: readonly TraversalStep[], scope: Scope): { value: Value; consumed: number } {
    const unknown: { value: Value; consumed: number } = { value: UNKNOWN, consumed: steps.length };
    const call = name === undefined ? undefined : this.module.moduleCalls.get(name);
    if (!call || !this.outputs) return unknown;
    let instance: Block = call;
    let next = 1;
    if (isExpanded(call)) {
      const found = this.instanceAt(call, steps[1], scope, `module.${name}`);
      if (found === UNKNOWN) return unknown;
      instance = found;
      next = 2;
    }
    const output = steps[next];
    if (output?.kind !== 'attr') return unknown;
    const value = this.outputs.outputValue(instance, output.name);
    if (!value.known) return { value: UNKNOWN, consumed: next + 1 };
    if (value.fromPlan) this.inputs.add(FROM_PLAN);
    return { value: value.value, consumed: next + 1 };
  }

  /**
   * `aws_x.y[...].attr` inside this module: the literal argument of the (instance of the) resource, or a
   * nested block as a list of objects. Anything the provider computes is UNKNOWN.
   */
  private resourceTraversal(block: Block, steps: readonly TraversalStep[], before: number): { value: Value; consumed: number } {
    const unknown: { value: Value; consumed: number } = { value: UNKNOWN, consumed: before + steps.length };
    let instance: Block = block;
    let next = 0;
    if (isExpanded(block)) {
      const found = this.instanceAt(block, steps[0], { instance: undefined, bindings: undefined }, block.labels.join('.'));
      if (found === UNKNOWN) return unknown;
      instance = found;
      next = 1;
    }
    const attributeStep = steps[next];
    if (!attributeStep || attributeStep.kind !== 'attr') return unknown;
    let value = this.blockArgument(instance, attributeStep.name);
    // What the configuration cannot say (a data source's result, an ID the provider made), a plan may.
    if (value === UNKNOWN) {
      value = this.outputs?.plannedValue?.(instance, attributeStep.name) ?? UNKNOWN;
      if (value !== UNKNOWN) this.inputs.add(FROM_PLAN);
    }
    return { value, consumed: before + next + 1 };
  }

  /**
   * The instance of an expanded block that an index step (`[each.key]`) selects: UNKNOWN when there is no
   * such step or its key or the block's instances are not known; an EvalError when no instance has the key.
   */
  private instanceAt(block: Block, step: TraversalStep | undefined, scope: Scope, name: string): Block | typeof UNKNOWN {
    if (step?.kind !== 'index') return UNKNOWN;
    const key = this.evaluate(step.key, scope);
    if (key === UNKNOWN) return UNKNOWN;
    const instances = this.instances(block);
    if (instances === undefined) return UNKNOWN;
    const found = instances.find((i) => String(i.instance?.key) === String(key));
    if (!found) throw new EvalError(`no instance ${JSON.stringify(key)} of ${name}`);
    return found;
  }

  /** The value of an argument, or of nested blocks of that name as a list of objects, of a block instance. */
  blockArgument(block: Block, name: string): Value {
    const attribute = block.body.attributes.find((a) => a.name === name);
    if (attribute) return this.cachedAttribute(attribute.expr, block.instance);
    const nested = block.body.blocks.filter((b) => b.type === name);
    if (nested.length === 0 || block.body.blocks.some((b) => b.type === 'dynamic' && b.labels[0] === name)) return UNKNOWN;
    return nested.map((child) => {
      const out: Record<string, Value> = {};
      for (const a of child.body.attributes) defineValue(out, a.name, this.cachedAttribute(a.expr, block.instance));
      return out;
    });
  }

  private cachedAttribute(expr: Expression, instance: Instance | undefined): Value {
    let byInstance = this.attributes.get(expr);
    if (!byInstance) this.attributes.set(expr, (byInstance = new Map()));
    const cached = byInstance.get(instance);
    if (cached === PENDING) return UNKNOWN; // a reference cycle: Terraform rejects it, we know nothing
    if (cached) {
      for (const name of cached.inputs) this.inputs.add(name);
      return cached.value;
    }
    byInstance.set(instance, PENDING);
    const outer = this.inputs;
    this.inputs = new Set();
    try {
      let value: Value;
      try {
        value = this.evaluate(expr, { instance, bindings: undefined });
      } catch (error) {
        if (!(error instanceof EvalError)) throw error;
        value = UNKNOWN;
      }
      byInstance.set(instance, { value, inputs: [...this.inputs] });
      return value;
    } finally {
      for (const name of this.inputs) outer.add(name);
      this.inputs = outer;
    }
  }

  private local(name: string): Value {
    const cached = this.locals.get(name);
    if (cached === PENDING) return UNKNOWN; // `local.a` depends on itself
    if (cached) {
      for (const input of cached.inputs) this.inputs.add(input);
      return cached.value;
    }
    const attribute = this.module.locals.get(name);
    if (!attribute) return UNKNOWN;
    this.locals.set(name, PENDING);
    const outer = this.inputs;
    this.inputs = new Set();
    try {
      let value: Value;
      try {
        value = this.evaluate(attribute.expr, { instance: undefined, bindings: undefined });
      } catch (error) {
        if (!(error instanceof EvalError)) throw error;
        value = UNKNOWN;
      }
      this.locals.set(name, { value, inputs: [...this.inputs] });
      return value;
    } finally {
      for (const input of this.inputs) outer.add(input);
      this.inputs = outer;
    }
  }

  /** An input variable's value as the module reads it (converted to its type), or UNKNOWN. */
  inputValue(name: string): Value {
    return this.variable(name);
  }

  /**
   * A variable's value: the last var file that sets it (or the call's argument), else its default, converted
   * to its type. It is the same wherever it is read, so it is converted once: a large default map that every
   * for_each reads is not converted again each time.
   */
  private variable(name: string): Value {
    let value = this.variables.get(name);
    if (value === undefined) this.variables.set(name, (value = this.variableValue(name)));
    return value;
  }

  private variableValue(name: string): Value {
    const block = this.module.variables.get(name);
    if (!block) return UNKNOWN;
    const fromFiles: CallArguments = this.callArguments ?? this.varFileValues();
    let value: Value;
    if (fromFiles.has(name)) value = fromFiles.get(name)!;
    else {
      const fallback = block.body.attributes.find((a) => a.name === 'default');
      if (!fallback) return UNKNOWN;
      value = this.literalValue(fallback.expr);
    }
    if (value === UNKNOWN) return UNKNOWN;
    const type = parseTypeConstraint(block.body.attributes.find((a) => a.name === 'type')?.expr);
    try {
      return convertToType(value, type, (expr) => this.literalValue(expr));
    } catch (error) {
      if (error instanceof EvalError) return UNKNOWN;
      throw error;
    }
  }

  private varFileValues(): Map<string, Value> {
    if (this.variableValues) return this.variableValues;
    const values = new Map<string, Value>();
    for (const file of this.module.varFiles) {
      for (const attribute of file.body.attributes) {
        try {
          values.set(attribute.name, this.literalValue(attribute.expr));
        } catch (error) {
          if (!(error instanceof EvalError)) throw error;
          values.set(attribute.name, UNKNOWN);
        }
      }
    }
    this.variableValues = values;
    return values;
  }

  private applySteps(start: Value, steps: readonly TraversalStep[], scope: Scope): Value {
    let value = start;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]!;
      if (value === UNKNOWN) return UNKNOWN;
      if (step.kind === 'splat') {
        const rest = step.legacy ? legacySplatSteps(steps, i + 1) : steps.slice(i + 1);
        const items = value === null ? [] : Array.isArray(value) ? (value as readonly Value[]) : [value];
        value = items.map((item) => this.applySteps(item, rest, scope));
        i += rest.length;
        continue;
      }
      if (step.kind === 'attr') {
        value = getAttribute(value, step.name);
        continue;
      }
      const key = this.evaluate(step.key, scope);
      if (key === UNKNOWN) return UNKNOWN;
      value = index(value, key);
    }
    return value;
  }

  private call(expr: Extract<Expression, { kind: 'call' }>, scope: Scope): Value {
    if (expr.name === 'try') {
      for (const arg of expr.args) {
        try {
          return this.evaluate(arg, scope);
        } catch (error) {
          if (!(error instanceof EvalError)) throw error;
        }
      }
      throw new EvalError('no argument of try() could be evaluated');
    }
    if (expr.name === 'can') {
      if (expr.args.length !== 1) throw new EvalError('can() takes one argument');
      try {
        return containsUnknown(this.evaluate(expr.args[0]!, scope)) ? UNKNOWN : true;
      } catch (error) {
        if (!(error instanceof EvalError)) throw error;
        return false;
      }
    }
    if (expr.name === PLANNED_FUNCTION && expr.args.length === 2) {
      const planned = this.evaluate(expr.args[1]!, scope);
      let stated: Value = UNKNOWN;
      try {
        stated = this.evaluate(expr.args[0]!, scope);
      } catch (error) {
        if (!(error instanceof EvalError)) throw error;
      }
      if (!containsUnknown(stated) && valuesEqual(stated, planned) === 'equal') return stated;
      this.inputs.add(FROM_PLAN);
      return planned;
    }
    const implementation = this.extensions?.functions?.get(expr.name) ?? FUNCTIONS.get(expr.name);
    if (!implementation) return UNKNOWN; // provider functions, file(), templatefile(), timestamp(), ...
    let args = expr.args.map((arg) => this.evaluate(arg, scope));
    if (expr.expandFinal) {
      const last = args[args.length - 1];
      if (last === UNKNOWN) return UNKNOWN;
      if (!Array.isArray(last)) throw new EvalError('the expanded argument must be a list');
      args = [...args.slice(0, -1), ...(last as readonly Value[])];
    }
    return implementation(args);
  }

  private conditional(expr: Extract<Expression, { kind: 'conditional' }>, scope: Scope): Value {
    const condition = toTfBool(this.evaluate(expr.condition, scope));
    if (condition !== UNKNOWN) return this.evaluate(condition ? expr.trueResult : expr.falseResult, scope);
    // Unknown condition: the result is known only if both branches agree.
    const whenTrue = this.evaluate(expr.trueResult, scope);
    const whenFalse = this.evaluate(expr.falseResult, scope);
    return valuesEqual(whenTrue, whenFalse) === 'equal' && !containsUnknown(whenTrue) ? whenTrue : UNKNOWN;
  }

  private binary(expr: Extract<Expression, { kind: 'binary' }>, scope: Scope): Value {
    const left = this.evaluate(expr.left, scope);
    if (expr.op === '&&' || expr.op === '||') {
      // Sound short-circuits: `false && x` is false and `true || x` is true whatever x is.
      const decisive = expr.op === '||';
      const l = toTfBool(left);
      if (l === decisive) return decisive;
      const r = toTfBool(this.evaluate(expr.right, scope));
      if (r === decisive) return decisive;
      if (l === UNKNOWN || r === UNKNOWN) return UNKNOWN;
      return !decisive;
    }
    const right = this.evaluate(expr.right, scope);
    if (expr.op === '==' || expr.op === '!=') {
      const equal = valuesEqual(left, right);
      if (equal === 'unknown') return UNKNOWN;
      return (equal === 'equal') === (expr.op === '==');
    }
    const a = toTfNumber(left);
    const b = toTfNumber(right);
    if (a === UNKNOWN || b === UNKNOWN) return UNKNOWN;
    switch (expr.op) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '/':
        if (b === 0) throw new EvalError('division by zero');
        return a / b;
      case '%':
        if (b === 0) throw new EvalError('modulo by zero');
        return a % b;
      case '<':
        return a < b;
      case '>':
        return a > b;
      case '<=':
        return a <= b;
      default:
        return a >= b;
    }
  }

  private forExpression(expr: Extract<Expression, { kind: 'for' }>, scope: Scope): Value {
    const collection = this.evaluate(expr.collection, scope);
    if (collection === UNKNOWN) return UNKNOWN;
    const tuple: Value[] = [];
    const object: Record<string, Value> = {};
    const groups = new Map<string, Value[]>();
    for (const [key, value] of entriesOf(collection)) {
      let bindings: Binding | undefined = { name: expr.valueVar, value, parent: scope.bindings };
      if (expr.keyVar !== undefined) bindings = { name: expr.keyVar, value: key, parent: bindings };
      const inner: Scope = { instance: scope.instance, bindings };
      if (expr.condition) {
        const keep = toTfBool(this.evaluate(expr.condition, inner));
        if (keep === UNKNOWN) return UNKNOWN;
        if (!keep) continue;
      }
      const item = this.evaluate(expr.valueExpr, inner);
      if (!expr.keyExpr) {
        tuple.push(item);
        continue;
      }
      const name = toTfString(this.evaluate(expr.keyExpr, inner));
      if (name === UNKNOWN) return UNKNOWN;
      if (expr.grouping) {
        const group = groups.get(name);
        if (group) group.push(item);
        else groups.set(name, [item]);
      } else {
        if (Object.prototype.hasOwnProperty.call(object, name)) throw new EvalError(`duplicate key "${name}" in for expression`);
        defineValue(object, name, item);
      }
    }
    if (!expr.keyExpr) return tuple;
    if (expr.grouping) for (const [name, items] of groups) defineValue(object, name, items);
    return object;
  }

  // -------------------------------------------------------------------------------------------
  // Expansion

  private readonly expansions = new Map<Block, readonly Block[] | undefined>();

  /**
   * The instances of a resource, data source or module call under `count`/`for_each`: one copy per
   * element, `[]` for a count known to be 0, or undefined when the collection is unknown.
   */
  instances(block: Block): readonly Block[] | undefined {
    if (this.expansions.has(block)) return this.expansions.get(block);
    const result = this.expand(block);
    this.expansions.set(block, result);
    return result;
  }

  private expand(block: Block): readonly Block[] | undefined {
    const count = block.body.attributes.find((a) => a.name === 'count');
    const forEach = block.body.attributes.find((a) => a.name === 'for_each');
    if (!count && !forEach) return [block];
    const scope = { instance: block.instance, bindings: undefined };
    let value: Value;
    try {
      value = this.evaluate((count ?? forEach)!.expr, scope);
    } catch (error) {
      if (!(error instanceof EvalError)) throw error;
      return undefined;
    }
    if (value === UNKNOWN || containsUnknown(value)) return undefined;
    if (count) {
      const n = toTfNumberOrUndefined(value);
      if (n === undefined || n < 0 || !Number.isInteger(n)) return undefined;
      return Array.from({ length: n }, (_, index) => withInstance(block, { key: index, count: { index }, parent: block.instance }));
    }
    const entries = forEachEntries(value);
    if (!entries) return undefined;
    const source: InstanceSource = { forEach: forEach!.expr, within: block.instance };
    return entries.map(([key, item]) => {
      return withInstance(block, madeBy({ key, each: { key, value: item }, parent: block.instance }, source));
    });
  }

  /** Nested blocks of a type in source order, each `dynamic` block expanded when its `for_each` is known. */
  nestedBlocks(block: Block, type: string): { blocks: Block[]; unknown: boolean } {
    const blocks: Block[] = [];
    let unknown = false;
    for (const child of block.body.blocks) {
      if (child.type === type) {
        blocks.push(block.instance ? withInstance(child, block.instance) : child);
        continue;
      }
      if (child.type !== 'dynamic' || child.labels[0] !== type) continue;
      const expanded = this.expandDynamic(child, block.instance);
      if (expanded) blocks.push(...expanded);
      else unknown = true;
    }
    return { blocks, unknown };
  }

  private expandDynamic(dynamic: Block, parent: Instance | undefined): Block[] | undefined {
    const forEach = dynamic.body.attributes.find((a) => a.name === 'for_each');
    const content = dynamic.body.blocks.find((b) => b.type === 'content');
    if (!forEach || !content) return undefined;
    let value: Value;
    try {
      value = this.evaluate(forEach.expr, { instance: parent, bindings: undefined });
    } catch (error) {
      if (!(error instanceof EvalError)) throw error;
      return undefined;
    }
    if (value === UNKNOWN) return undefined;
    const entries = value === null ? undefined : dynamicEntries(value);
    if (!entries) return undefined;
    const iteratorAttribute = dynamic.body.attributes.find((a) => a.name === 'iterator');
    const name = iteratorAttribute?.expr.kind === 'variable' ? iteratorAttribute.expr.name : dynamic.labels[0]!;
    const source: InstanceSource = { forEach: forEach.expr, within: parent };
    return entries.map(([key, item]) => {
      const instance = madeBy({ key, iterator: { name, key, value: item }, parent }, source);
      return { ...dynamic, type: dynamic.labels[0]!, labels: [], labelRanges: [], body: content.body, instance, dynamicSource: dynamic };
    });
  }
}

const SOURCE = Symbol('premortem.forEachSource');

/** An instance that remembers the for_each it was made from (kept on the object: any evaluator can read it). */
function madeBy(instance: Instance, source: InstanceSource): Instance {
  return Object.assign(instance, { [SOURCE]: source });
}

/** The `for_each` an expanded instance came from (undefined for `count`, and for blocks as written). */
export function instanceSource(instance: Instance): InstanceSource | undefined {
  return (instance as Instance & { readonly [SOURCE]?: InstanceSource })[SOURCE];
}

function withInstance(block: Block, instance: Instance): Block {
  return { ...block, instance };
}

function isBound(name: string, scope: Scope): boolean {
  for (let b = scope.bindings; b; b = b.parent) if (b.name === name) return true;
  for (let instance = scope.instance; instance; instance = instance.parent) if (instance.iterator?.name === name) return true;
  return false;
}

function findInstance<T>(instance: Instance | undefined, pick: (i: Instance) => T | undefined): T | undefined {
  for (let current = instance; current; current = current.parent) {
    const found = pick(current);
    if (found !== undefined) return found;
  }
  return undefined;
}

function toTfNumberOrUndefined(value: Value): number | undefined {
  try {
    const n = toTfNumber(value);
    return n === UNKNOWN ? undefined : n;
  } catch {
    return undefined;
  }
}

/** `for_each` takes a map (keys sorted) or a set of strings (each.key equals each.value). */
function forEachEntries(value: Value): [string, Value][] | undefined {
  if (Array.isArray(value)) {
    const keys = (value as readonly Value[]).map((item) => (typeof item === 'string' ? item : undefined));
    if (keys.some((k) => k === undefined)) return undefined;
    return [...new Set(keys as string[])].sort().map((k) => [k, k]);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.keys(value)
      .sort()
      .map((k) => [k, (value as Record<string, Value>)[k]!]);
  }
  return undefined;
}

/** A dynamic block iterates any collection: lists by index, maps by sorted key. */
function dynamicEntries(value: Value): [string | number, Value][] | undefined {
  if (Array.isArray(value)) return (value as readonly Value[]).map((item, i) => [i, item]);
  if (typeof value === 'object' && value !== null) {
    return Object.keys(value)
      .sort()
      .map((k) => [k, (value as Record<string, Value>)[k]!]);
  }
  return undefined;
}

/** Iteration order Terraform uses in `for`: lists by index, maps and objects by sorted key. */
function entriesOf(collection: Value): [Value, Value][] {
  if (Array.isArray(collection)) return (collection as readonly Value[]).map((item, i) => [i, item]);
  if (typeof collection === 'object' && collection !== null) {
    return Object.keys(collection)
      .sort()
      .map((k) => [k, (collection as Record<string, Value>)[k]!]);
  }
  if (collection === null) throw new EvalError('cannot iterate over null');
  throw new EvalError('a "for" expression needs a collection');
}

function legacySplatSteps(steps: readonly TraversalStep[], from: number): TraversalStep[] {
  const rest: TraversalStep[] = [];
  for (let i = from; i < steps.length; i++) {
    const step = steps[i]!;
    if (step.kind === 'attr' || (step.kind === 'index' && step.legacy)) rest.push(step);
    else break;
  }
  return rest;
}

function getAttribute(value: Value, name: string): Value {
  if (value === UNKNOWN) return UNKNOWN;
  if (value === null) throw new EvalError(`cannot read "${name}" of null`);
  if (typeof value !== 'object' || Array.isArray(value)) throw new EvalError(`cannot read "${name}" of a ${Array.isArray(value) ? 'list' : typeof value}`);
  if (!Object.prototype.hasOwnProperty.call(value, name)) throw new EvalError(`the object has no attribute "${name}"`);
  return (value as Record<string, Value>)[name]!;
}

function index(value: Value, key: Value): Value {
  if (value === UNKNOWN) return UNKNOWN;
  if (value === null) throw new EvalError('cannot index null');
  if (Array.isArray(value)) {
    const i = toTfNumber(key);
    if (i === UNKNOWN) return UNKNOWN;
    if (!Number.isInteger(i) || i < 0 || i >= value.length) throw new EvalError(`index ${i} is out of range`);
    return (value as readonly Value[])[i]!;
  }
  if (typeof value === 'object') {
    const name = toTfString(key);
    if (name === UNKNOWN) return UNKNOWN;
    if (!Object.prototype.hasOwnProperty.call(value, name)) throw new EvalError(`the map has no element "${name}"`);
    return (value as Record<string, Value>)[name]!;
  }
  throw new EvalError('only lists and maps can be indexed');
}
