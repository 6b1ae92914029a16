// Finds every reference in a top-level block: `aws_x.y.attr`, `data.x.y`, `var.x`, `local.x`, `module.x`,
// `each.*`, `count.*`, `path.*`, `terraform.*`, `self.*`. Names bound by `for` expressions and `dynamic`
// iterators are not references, so they are tracked as the walk goes.
import type { Attribute, Block, Body, Expression, Range, Reference, ReferenceKind, TemplatePart, TraversalStep } from '../../../rules/api';
import { joinRanges } from './hcl/line-map';

// A map, not an object: most roots are resource types, which an object would look up along its prototype.
const SPECIAL_ROOTS: ReadonlyMap<string, { kind: ReferenceKind; segments: number }> = new Map([
  ['var', { kind: 'variable', segments: 2 }],
  ['local', { kind: 'local', segments: 2 }],
  ['module', { kind: 'module', segments: 2 }],
  ['data', { kind: 'data', segments: 3 }],
  ['each', { kind: 'each', segments: 2 }],
  ['count', { kind: 'count', segments: 2 }],
  ['self', { kind: 'self', segments: 1 }],
  ['path', { kind: 'path', segments: 2 }],
  ['terraform', { kind: 'terraform', segments: 2 }],
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
  visitReferences(block, (reference) => found.push(reference));
  return found;
}

/**
 * Calls `visit` with each reference of a block, in source order, and the block's own attribute that holds
 * it (undefined inside a nested block). The graph links references as they come, without keeping them.
 */
export function visitReferences(block: Block, visit: (reference: Reference, holder: Attribute | undefined) => void): void {
  const bound: string[] = [];
  let holder: Attribute | undefined;

  const walkBody = (body: Body, owner: Block, skip: ReadonlySet<string> | undefined): void => {
    const top = body === block.body;
    for (const attribute of body.attributes) {
      if (skip?.has(attribute.name)) continue;
      holder = top ? attribute : undefined;
      walk(attribute.expr);
    }
    holder = undefined;
    for (const nested of body.blocks) {
      if (nested.type === 'dynamic') {
        const iteratorAttribute = nested.body.attributes.find((a) => a.name === 'iterator');
        const iterator =
          iteratorAttribute?.expr.kind === 'variable' ? iteratorAttribute.expr.name : (nested.labels[0] ?? 'each');
        for (const attribute of nested.body.attributes) if (attribute.name !== 'iterator') walk(attribute.expr);
        bound.push(iterator);
        for (const content of nested.body.blocks) walkBody(content.body, owner, undefined);
        bound.pop();
      } else {
        walkBody(nested.body, owner, undefined);
      }
    }
  };

  const withBound = (names: (string | undefined)[], run: () => void): void => {
    let pushed = 0;
    for (const name of names) {
      if (name !== undefined) {
        bound.push(name);
        pushed++;
      }
    }
    run();
    bound.length -= pushed;
  };

  const walkParts = (parts: readonly TemplatePart[]): void => {
    for (const part of parts) {
      switch (part.kind) {
        case 'interpolation':
          walk(part.expr);
          break;
        case 'if':
          walk(part.condition);
          walkParts(part.then);
          if (part.else) walkParts(part.else);
          break;
        case 'for':
          walk(part.collection);
          withBound([part.keyVar, part.valueVar], () => walkParts(part.body));
          break;
        default:
          break;
      }
    }
  };

  const walk = (expr: Expression): void => {
    switch (expr.kind) {
      case 'variable':
        record(expr, []);
        return;
      case 'traversal':
        if (expr.source.kind === 'variable') record(expr.source, expr.steps);
        else walk(expr.source);
        for (const step of expr.steps) if (step.kind === 'index') walk(step.key);
        return;
      case 'template':
        walkParts(expr.parts);
        return;
      case 'call':
        expr.args.forEach(walk);
        return;
      case 'tuple':
        expr.items.forEach(walk);
        return;
      case 'object':
        for (const item of expr.items) {
          walk(item.key);
          walk(item.value);
        }
        return;
      case 'conditional':
        walk(expr.condition);
        walk(expr.trueResult);
        walk(expr.falseResult);
        return;
      case 'binary':
        walk(expr.left);
        walk(expr.right);
        return;
      case 'unary':
        walk(expr.operand);
        return;
      case 'parens':
        walk(expr.expr);
        return;
      case 'for':
        walk(expr.collection);
        withBound([expr.keyVar, expr.valueVar], () => {
          if (expr.keyExpr) walk(expr.keyExpr);
          walk(expr.valueExpr);
          if (expr.condition) walk(expr.condition);
        });
        return;
      default:
        return;
    }
  };

  const record = (root: Extract<Expression, { kind: 'variable' }>, steps: readonly TraversalStep[]): void => {
    const name = root.name;
    if (bound.length > 0 && bound.includes(name)) return;
    const special = SPECIAL_ROOTS.get(name);
    const needed = special ? special.segments : 2;
    // Modules hold thousands of references: build the address as a string and the path only when there is one.
    let address = name;
    let segments = 1;
    let path: (string | number)[] | undefined;
    let end: Range = root.range;
    for (const step of steps) {
      if (segments < needed) {
        if (step.kind !== 'attr') return; // `var[0]`, `aws_x[0]`: not a reference Terraform accepts
        address += `.${step.name}`;
        segments++;
        end = step.range;
        continue;
      }
      if (step.kind === 'attr') (path ??= []).push(step.name);
      else if (step.kind === 'index' && step.key.kind === 'literal' && (typeof step.key.value === 'string' || typeof step.key.value === 'number')) {
        (path ??= []).push(step.key.value);
      } else break;
      end = step.range;
    }
    if (segments < needed) return;
    const kind = special ? special.kind : 'resource';
    const keyStep = steps[needed - 1];
    const instanceKey = (kind === 'resource' || kind === 'data' || kind === 'module') && keyStep?.kind === 'index' ? keyStep.key : undefined;
    // One object shape for every reference (`instanceKey` present even when undefined).
    visit({ kind, address, path: path ?? NO_PATH, range: joinRanges(root.range, end), instanceKey, file: root.file, from: block }, holder);
  };

  walkBody(block.body, block, NOT_EXPRESSIONS[block.type]);
}
