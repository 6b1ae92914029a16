// The RuleContext a rule receives: the module, its options, evaluation in the right scope, and report().
import type {
  Block,
  Evaluated,
  Expression,
  Module,
  Node,
  ReportDescriptor,
  RuleContext,
  RuleModule,
  SharedSettings,
} from '../../../rules/api';
import type { Evaluator } from './evaluate';

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
    readonly module: Module,
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

  report(descriptor: ReportDescriptor): void {
    this.reports.push({ rule: this.rule, descriptor, block: this.current });
  }
}
