// The RuleContext a rule receives: the module, its options, evaluation in the right scope, and report().
import { UNKNOWN, type Block, type Evaluated, type Expression, type Node, type Reference, type ReportDescriptor, type ResolvedReference, type RuleContext, type RuleModule, type SharedSettings } from '../../../rules/api';
import type { Evaluator } from './evaluate';
import type { ModuleIndex } from './module';

export interface RawReport {
  readonly rule: RuleModule;
  readonly descriptor: ReportDescriptor;
  /** The block being checked when the report was made (undefined in checkModule). */
  readonly block: Block | undefined;
}

export class LintContext implements RuleContext {
  /** The block being checked; expressions evaluate in its scope unless told otherwise. */
  current: Block | undefined;

  constructor(
    readonly module: ModuleIndex,
    readonly options: object,
    readonly settings: SharedSettings,
    private readonly rule: RuleModule,
    private readonly evaluator: Evaluator,
    private readonly reports: RawReport[],
  ) {}

  valueOf(expr: Expression | undefined, within?: Block): Evaluated {
    return this.evaluator.valueOf(expr, within ?? this.current);
  }

  attributeValue(block: Block, name: string): Evaluated {
    const attribute = block.body.attributes.find((a) => a.name === name);
    return attribute ? this.evaluator.valueOf(attribute.expr, block) : { known: false };
  }

  nestedBlocks(block: Block, type: string): readonly Block[] {
    return this.evaluator.nestedBlocks(block, type).blocks;
  }

  mayHaveUnknownBlocks(block: Block, type: string): boolean {
    return this.evaluator.nestedBlocks(block, type).unknown;
  }

  instances(block: Block): readonly Block[] {
    return this.evaluator.instances(block) ?? [block];
  }

  sourceText(node: Node): string {
    const file = this.module.file(node.file);
    return file ? file.text.slice(node.range.start.offset, node.range.end.offset) : '';
  }

  referencesIn(node: Expression | Block): readonly Reference[] {
    return this.module.referencesWithin(node.file, node.range.start.offset, node.range.end.offset);
  }

  resolveReference(expr: Expression, within?: Block): ResolvedReference | undefined {
    let target = expr;
    while (target.kind === 'parens') target = target.expr;
    if (target.kind !== 'traversal' || target.source.kind !== 'variable') return undefined;
    const start = target.range.start.offset;
    const reference = this.module.referencesWithin(target.file, start, target.range.end.offset).find((r) => r.range.start.offset === start);
    if (!reference || (reference.kind !== 'resource' && reference.kind !== 'data' && reference.kind !== 'module')) return undefined;
    const block = this.module.block(reference.address);
    if (!block) return undefined;
    // Steps that name the address: `type.name`, `data.type.name`, `module.name`.
    const addressSteps = reference.kind === 'data' ? 2 : 1;
    const next = target.steps[addressSteps];
    const expanded = block.body.attributes.some((a) => a.name === 'count' || a.name === 'for_each');
    if (!expanded || next?.kind !== 'index') return { reference, block, path: staticPath(target.steps, addressSteps) };
    const key = this.evaluator.valueOf(next.key, within ?? this.current);
    const instance = key.known && key.value !== UNKNOWN ? this.instances(block).find((i) => i.instance && String(i.instance.key) === String(key.value)) : undefined;
    const path = staticPath(target.steps, addressSteps + 1);
    return instance ? { reference, block, instance, path } : { reference, block, path };
  }

  report(descriptor: ReportDescriptor): void {
    this.reports.push({ rule: this.rule, descriptor, block: this.current });
  }
}

/** Attribute names and literal keys from step `from` on, up to the first step that is not static. */
function staticPath(steps: Extract<Expression, { kind: 'traversal' }>['steps'], from: number): (string | number)[] {
  const path: (string | number)[] = [];
  for (let i = from; i < steps.length; i++) {
    const step = steps[i]!;
    if (step.kind === 'attr') path.push(step.name);
    else if (step.kind === 'index' && step.key.kind === 'literal' && (typeof step.key.value === 'string' || typeof step.key.value === 'number')) path.push(step.key.value);
    else break;
  }
  return path;
}
