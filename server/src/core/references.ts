// Finds every reference in a top-level block: `aws_x.y.attr`, `data.x.y`, `var.x`, `local.x`, `module.x`,
// `each.*`, `count.*`, `path.*`, `terraform.*`, `self.*`. Names bound by `for` expressions and `dynamic`
// iterators are not references, so they are tracked as the walk goes.
import type { Attribute, Block, Body, Expression, Range, Reference, ReferenceKind, TemplatePart, TraversalStep } from '../../../rules/api';
import { joinRanges } from './hcl/line-map';

// A map, not an object: most roots are resource types, which an object would look up along its prototype.
const SPECIAL_ROOTS: ReadonlyMap<string, ReferenceShape> = new Map<string, ReferenceShape>([
  ['var', { kind: 'variable', addressSteps: 1 }],
  ['local', { kind: 'local', addressSteps: 1 }],
  ['module', { kind: 'module', addressSteps: 1 }],
  ['data', { kind: 'data', addressSteps: 2 }],
  ['each', { kind: 'each', addressSteps: 1 }],
  ['count', { kind: 'count', addressSteps: 1 }],
  ['self', { kind: 'self', addressSteps: 0 }],
  ['path', { kind: 'path', addressSteps: 1 }],
  ['terraform', { kind: 'terraform', addressSteps: 1 }],
]);

/** The path of a reference that has nothing after its address (shared: paths are never changed). */
const NO_PATH: readonly (string | number)[] = Object.freeze([]);

/** Arguments whose values name providers or addresses rather than refer to values. */
const NOT_EXPRESSIONS: Readonly<Record<string, ReadonlySet<string>>> = {
  resource: new Set(['provider']),
  data: new Set(['provider']),
  module: new Set(['providers']),
  moved: new Set(['from', 'to']),
  removed: new Set(['from']),
  import: new Set(['to', 'provider']),
};

export function collectReferences(block: Block): Reference[] {
  const found: Reference[] = [];
  visitReferenceRoots(block, (root, steps) => {
    const reference = readReference(block, root, steps);
    if (reference) found.push(reference);
  });
  return found;
}

type VariableExpression = Extract<Expression, { kind: 'variable' }>;

/** A reference's kind, and how many traversal steps after the root name its address takes (`aws_x.y`: 1, `data.aws_x.y`: 2). */
export interface ReferenceShape {
  readonly kind: ReferenceKind;
  readonly addressSteps: number;
}

/** What a traversal from a bare name refers to, or undefined when Terraform would not accept it (`var[0]`, `aws_x`). */
export function referenceShape(name: string, steps: readonly TraversalStep[]): ReferenceShape | undefined {
  const shape = SPECIAL_ROOTS.get(name) ?? RESOURCE_SHAPE;
  if (steps.length < shape.addressSteps) return undefined;
  for (let i = 0; i < shape.addressSteps; i++) if (steps[i]!.kind !== 'attr') return undefined;
  return shape;
}

const RESOURCE_SHAPE: ReferenceShape = { kind: 'resource', addressSteps: 1 };

function readReference(block: Block, root: VariableExpression, steps: readonly TraversalStep[]): Reference | undefined {
  const shape = referenceShape(root.name, steps);
  if (!shape) return undefined;
  // Modules hold thousands of references: build the address as a string and the path only when there is one.
  let address = root.name;
  let end: Range = root.range;
  for (let i = 0; i < shape.addressSteps; i++) {
    const step = steps[i] as Extract<TraversalStep, { kind: 'attr' }>;
    address += `.${step.name}`;
    end = step.range;
  }
  let path: (string | number)[] | undefined;
  for (let i = shape.addressSteps; i < steps.length; i++) {
    const step = steps[i]!;
    const item = pathItem(step);
    if (item === undefined) break;
    (path ??= []).push(item);
    end = step.range;
  }
  const kind = shape.kind;
  const instanceKey = kind === 'resource' || kind === 'data' || kind === 'module' ? instanceKeyOf(steps, shape) : undefined;
  // One object shape for every reference (`instanceKey` present even when undefined).
  return { kind, address, path: path ?? NO_PATH, range: joinRanges(root.range, end), instanceKey, file: root.file, from: block };
}

/** A static attribute name or key of a path, or undefined where the path stops being static. */
export function pathItem(step: TraversalStep): string | number | undefined {
  if (step.kind === 'attr') return step.name;
  if (step.kind === 'index' && step.key.kind === 'literal' && (typeof step.key.value === 'string' || typeof step.key.value === 'number')) return step.key.value;
  return undefined;
}

/** The index right after the address (`each.key` in `aws_x.y[each.key].id`), which names an instance. */
export function instanceKeyOf(steps: readonly TraversalStep[], shape: ReferenceShape): Expression | undefined {
  const step = steps[shape.addressSteps];
  return step?.kind === 'index' ? step.key : undefined;
}

/** What `visitReferenceRoots` calls with each root: the name, the steps after it, and its holder. */
export type ReferenceRootVisitor = (root: VariableExpression, steps: readonly TraversalStep[], holder: Attribute | undefined) => void;

/**
 * Calls `visit` with each bare name that may start a reference (not one a `for` or `dynamic` binds), the
 * traversal steps after it, and the block's own attribute that holds it (undefined inside a nested block),
 * in source order. The graph reads what it needs from these without building references.
 */
export function visitReferenceRoots(block: Block, visit: ReferenceRootVisitor): void {
  new ReferenceWalker(block, visit, true).walkBody(block.body, NOT_EXPRESSIONS[block.type]);
}

/** `visitReferenceRoots` walking every expression, never reading the roots the parser recorded: their oracle in tests. */
export function walkReferenceRoots(block: Block, visit: ReferenceRootVisitor): void {
  new ReferenceWalker(block, visit, false).walkBody(block.body, NOT_EXPRESSIONS[block.type]);
}

const NO_STEPS: readonly TraversalStep[] = [];

/** One walk over a block (methods, not closures made for every block: a module has thousands of blocks). */
class ReferenceWalker {
  /** Names bound by the `for` expressions and `dynamic` blocks around the expression being walked. */
  private readonly bound: string[] = [];
  private holder: Attribute | undefined = undefined;

  constructor(
    private readonly block: Block,
    private readonly visit: ReferenceRootVisitor,
    /** Read the roots the parser recorded where it did, instead of walking (most of an expression is literals). */
    private readonly recorded: boolean,
  ) {}

  walkBody(body: Body, skip: ReadonlySet<string> | undefined): void {
    const top = body === this.block.body;
    for (const attribute of body.attributes) {
      if (skip?.has(attribute.name)) continue;
      this.holder = top ? attribute : undefined;
      this.walkAttribute(attribute);
    }
    this.holder = undefined;
    for (const nested of body.blocks) {
      if (nested.type === 'dynamic') {
        const iteratorAttribute = nested.body.attributes.find((a) => a.name === 'iterator');
        const iterator = iteratorAttribute?.expr.kind === 'variable' ? iteratorAttribute.expr.name : (nested.labels[0] ?? 'each');
        for (const attribute of nested.body.attributes) if (attribute.name !== 'iterator') this.walkAttribute(attribute);
        this.bound.push(iterator);
        for (const content of nested.body.blocks) this.walkBody(content.body, undefined);
        this.bound.pop();
      } else {
        this.walkBody(nested.body, undefined);
      }
    }
  }

  private walkAttribute(attribute: Attribute): void {
    const roots = this.recorded ? attribute.referenceRoots : undefined;
    if (!roots) {
      this.walk(attribute.expr);
      return;
    }
    for (const root of roots) {
      if (root.kind === 'variable') this.record(root, NO_STEPS);
      else this.record(root.source as VariableExpression, root.steps);
    }
  }

  /** Binds a `for`'s key and value names while its body is walked; returns how many to unbind. */
  private bind(keyVar: string | undefined, valueVar: string | undefined): number {
    let pushed = 0;
    for (const name of [keyVar, valueVar]) {
      if (name === undefined) continue;
      this.bound.push(name);
      pushed++;
    }
    return pushed;
  }

  private walkParts(parts: readonly TemplatePart[]): void {
    for (const part of parts) {
      switch (part.kind) {
        case 'interpolation':
          this.walk(part.expr);
          break;
        case 'if':
          this.walk(part.condition);
          this.walkParts(part.then);
          if (part.else) this.walkParts(part.else);
          break;
        case 'for': {
          this.walk(part.collection);
          const pushed = this.bind(part.keyVar, part.valueVar);
          this.walkParts(part.body);
          this.bound.length -= pushed;
          break;
        }
        default:
          break;
      }
    }
  }

  // Cases in the order of how often they occur in real modules: literals first.
  private walk(expr: Expression): void {
    switch (expr.kind) {
      case 'literal':
        return;
      case 'traversal':
        if (expr.source.kind === 'variable') this.record(expr.source, expr.steps);
        else this.walk(expr.source);
        for (const step of expr.steps) if (step.kind === 'index') this.walk(step.key);
        return;
      case 'variable':
        this.record(expr, NO_STEPS);
        return;
      case 'call':
        for (const arg of expr.args) this.walk(arg);
        return;
      case 'tuple':
        for (const item of expr.items) this.walk(item);
        return;
      case 'object':
        for (const item of expr.items) {
          this.walk(item.key);
          this.walk(item.value);
        }
        return;
      case 'template':
        this.walkParts(expr.parts);
        return;
      case 'conditional':
        this.walk(expr.condition);
        this.walk(expr.trueResult);
        this.walk(expr.falseResult);
        return;
      case 'binary':
        this.walk(expr.left);
        this.walk(expr.right);
        return;
      case 'unary':
        this.walk(expr.operand);
        return;
      case 'parens':
        this.walk(expr.expr);
        return;
      case 'for': {
        this.walk(expr.collection);
        const pushed = this.bind(expr.keyVar, expr.valueVar);
        if (expr.keyExpr) this.walk(expr.keyExpr);
        this.walk(expr.valueExpr);
        if (expr.condition) this.walk(expr.condition);
        this.bound.length -= pushed;
        return;
      }
      default:
        return;
    }
  }

  private record(root: VariableExpression, steps: readonly TraversalStep[]): void {
    if (this.bound.length > 0 && this.bound.includes(root.name)) return;
    this.visit(root, steps, this.holder);
  }
}
