// The RuleContext a rule receives: the module, its options, evaluation in the right scope, and report().
// Evaluation and references go through the instance scope, so a block that a reference led into another
// module instance is evaluated with that instance's values.
import type {
  Block,
  Evaluated,
  Expression,
  Module,
  Node,
  Reference,
  ReportDescriptor,
  ResolvedReference,
  RuleContext,
  RuleModule,
  SharedSettings,
} from '../../../../rules/api';
import type { EnteredInstances, InstanceScope } from '../instances/instance-scope';
import type { ModuleInstance } from '../instances/module-instance';
import type { ModuleIndex } from '../module';

export interface RawReport {
  readonly rule: RuleModule;
  readonly descriptor: ReportDescriptor;
  /** The block being checked when the report was made (undefined in checkModule). */
  readonly block: Block | undefined;
  /** The module instance being checked. */
  readonly instance: ModuleInstance;
  /** The other instances the check had entered when it reported: which instance an untagged node is of. */
  readonly entered: EnteredInstances;
  /** The block the reported expression was evaluated within (its `each`, or a dynamic element's iterator). */
  readonly within: Block | undefined;
}

export class LintContext implements RuleContext {
  /** The block being checked; expressions evaluate in its scope unless told otherwise. */
  current: Block | undefined;

  constructor(
    readonly module: ModuleIndex,
    readonly options: object,
    readonly settings: SharedSettings,
    private readonly rule: RuleModule,
    private readonly scope: InstanceScope,
    private readonly reports: RawReport[],
  ) {}

  valueOf(expr: Expression | undefined, within?: Block): Evaluated {
    return expr ? this.scope.valueOf(expr, within ?? this.current) : { known: false };
  }

  attributeValue(block: Block, name: string): Evaluated {
    const attribute = block.body.attributes.find((a) => a.name === name);
    return attribute ? this.scope.valueOf(attribute.expr, block) : { known: false };
  }

  nestedBlocks(block: Block, type: string): readonly Block[] {
    return this.scope.nestedBlocks(block, type).blocks;
  }

  mayHaveUnknownBlocks(block: Block, type: string): boolean {
    return this.scope.nestedBlocks(block, type).unknown;
  }

  instances(block: Block): readonly Block[] {
    return this.scope.instances(block);
  }

  calledModule(call: Block): Module | undefined {
    return this.scope.calledModule(call);
  }

  moduleOf(node: Node): Module {
    return this.scope.moduleOf(node);
  }

  sourceText(node: Node): string {
    const file = this.scope.fileOf(node.file);
    return file ? file.text.slice(node.range.start.offset, node.range.end.offset) : '';
  }

  referencesIn(node: Expression | Block): readonly Reference[] {
    return this.scope.referencesIn(node);
  }

  resolveReference(expr: Expression, within?: Block): ResolvedReference | undefined {
    return this.scope.resolveReference(expr, within ?? this.current);
  }

  report(descriptor: ReportDescriptor): void {
    const at = descriptor.at;
    const expr = 'node' in at ? (at.node === 'attribute' ? at.expr : undefined) : 'kind' in at ? at : undefined;
    const stated = Object.values(descriptor.data ?? {}).map(String);
    const within = expr ? this.scope.withinOf(expr, stated) : undefined;
    this.reports.push({
      rule: this.rule,
      descriptor,
      block: this.current,
      instance: this.scope.home,
      entered: this.scope.enteredNow,
      within: within ?? this.current,
    });
  }
}
