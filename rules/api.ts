// The ruleset SDK: everything a rule may see or use. Rules import this file and nothing else;
// the engine (server/src/core) implements it. Types only, plus a few tiny pure helpers.

// ---------------------------------------------------------------------------------------------
// Source positions

/** 1-based line and column (UTF-16 code units, as editors count), plus a 0-based string offset. */
export interface Position {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

// ---------------------------------------------------------------------------------------------
// Syntax tree

export interface Comment {
  /** The whole comment, markers included (`# text`, `// text`, `/* text *\/`). */
  readonly text: string;
  readonly range: Range;
}

export interface ParseError {
  /** One sentence a Terraform user understands, e.g. `Missing closing brace "}" for block "resource".` */
  readonly message: string;
  readonly range: Range;
  /**
   * What went wrong when it is not the syntax: the file could not be read, is not text (binary, encrypted,
   * another encoding), or is JSON that does not have Terraform's shape. Absent for syntax errors.
   */
  readonly kind?: ParseErrorKind;
}

export type ParseErrorKind = 'unreadable' | 'not-text' | 'json-schema';

export type SourceFormat = 'hcl' | 'json';

export interface SourceFile {
  /** Absolute path with platform separators. */
  readonly path: string;
  readonly text: string;
  readonly format: SourceFormat;
  readonly body: Body;
  readonly comments: readonly Comment[];
  readonly errors: readonly ParseError[];
}

export interface Body {
  /** Attributes and blocks in source order. */
  readonly items: readonly (Attribute | Block)[];
  readonly attributes: readonly Attribute[];
  readonly blocks: readonly Block[];
  /** Between the braces (or the whole file for the top level). */
  readonly range: Range;
  readonly openBrace?: Range;
  readonly closeBrace?: Range;
  /** Indentation of the body's items: what an inserted attribute line starts with. */
  readonly indent: string;
}

export interface Attribute {
  readonly node: 'attribute';
  readonly name: string;
  readonly nameRange: Range;
  readonly expr: Expression;
  /** From the name to the end of the expression. */
  readonly range: Range;
  readonly file: string;
  /**
   * Set by the HCL parser when the expression parsed without errors: every bare name in it that may start
   * a reference (not one a `for` binds), in source order, as its variable or as the traversal it starts.
   * Saves walking the expression to find them; where it is absent, walk `expr`.
   */
  readonly referenceRoots?: readonly (VariableExpr | TraversalExpr)[] | undefined;
}

/** Bindings of an expanded instance: a resource under `count`/`for_each`, or a `dynamic` block element. */
export interface Instance {
  /** The instance key: `count.index`, the `for_each` key, or the dynamic element's key. */
  readonly key: string | number;
  readonly each?: { readonly key: string | number; readonly value: Value };
  readonly count?: { readonly index: number };
  /** A `dynamic` block's iterator variable (named after the block unless `iterator` says otherwise). */
  readonly iterator?: { readonly name: string; readonly key: string | number; readonly value: Value };
  /** The instance this one is nested in (a dynamic block inside a resource under `for_each`). */
  readonly parent?: Instance | undefined;
}

export interface Block {
  readonly node: 'block';
  /** `resource`, `data`, `module`, `provider`, `variable`, `locals`, `output`, `terraform`, or a nested type. */
  readonly type: string;
  readonly labels: readonly string[];
  readonly typeRange: Range;
  readonly labelRanges: readonly Range[];
  /** Type and labels: the range to report when something inside is missing. */
  readonly headerRange: Range;
  readonly range: Range;
  readonly body: Body;
  readonly file: string;
  readonly parent?: Block;
  /** A syntax error lies inside this block, so "missing" findings about it are not trustworthy. */
  readonly damaged: boolean;
  /** Set only on expanded copies (see `RuleContext.instances` and `RuleContext.nestedBlocks`). */
  readonly instance?: Instance | undefined;
  /** For an element of a `dynamic` block: the `dynamic` block it came from. */
  readonly dynamicSource?: Block;
}

export type Expression =
  | LiteralExpr
  | TemplateExpr
  | VariableExpr
  | TraversalExpr
  | CallExpr
  | TupleExpr
  | ObjectExpr
  | ConditionalExpr
  | BinaryExpr
  | UnaryExpr
  | ForExpr
  | ParenExpr
  | InvalidExpr;

interface ExprBase {
  readonly range: Range;
  readonly file: string;
}

/** A number, bool, null, or a string with no interpolation (quoted or heredoc). */
export interface LiteralExpr extends ExprBase {
  readonly kind: 'literal';
  readonly value: string | number | boolean | null;
}

/** A quoted or heredoc string with at least one interpolation or directive. */
export interface TemplateExpr extends ExprBase {
  readonly kind: 'template';
  readonly parts: readonly TemplatePart[];
  readonly heredoc?: { readonly marker: string; readonly indented: boolean };
}

export type TemplatePart =
  | { readonly kind: 'text'; readonly value: string; readonly range: Range }
  | { readonly kind: 'interpolation'; readonly expr: Expression; readonly range: Range }
  | {
      readonly kind: 'if';
      readonly condition: Expression;
      readonly then: readonly TemplatePart[];
      readonly else?: readonly TemplatePart[];
      readonly range: Range;
    }
  | {
      readonly kind: 'for';
      readonly keyVar?: string;
      readonly valueVar: string;
      readonly collection: Expression;
      readonly body: readonly TemplatePart[];
      readonly range: Range;
    };

/** A bare name: the root of a reference (`var`, `aws_s3_bucket`, `each`) or a for-expression variable. */
export interface VariableExpr extends ExprBase {
  readonly kind: 'variable';
  readonly name: string;
}

export type TraversalStep =
  | { readonly kind: 'attr'; readonly name: string; readonly range: Range }
  /** `[key]`, or the legacy `.0` form (then `legacy` is true and key is a number literal). */
  | { readonly kind: 'index'; readonly key: Expression; readonly legacy: boolean; readonly range: Range }
  /** `[*]` applies every later step to each element; legacy `.*` applies only the attribute steps after it. */
  | { readonly kind: 'splat'; readonly legacy: boolean; readonly range: Range };

/** `source.step.step[...]`: attribute access, indexing and splats applied to an expression. */
export interface TraversalExpr extends ExprBase {
  readonly kind: 'traversal';
  readonly source: Expression;
  readonly steps: readonly TraversalStep[];
}

export interface CallExpr extends ExprBase {
  readonly kind: 'call';
  /** Includes a namespace for provider functions: `provider::aws::arn_parse`. */
  readonly name: string;
  readonly nameRange: Range;
  readonly args: readonly Expression[];
  /** The last argument ends with `...`. */
  readonly expandFinal: boolean;
}

export interface TupleExpr extends ExprBase {
  readonly kind: 'tuple';
  readonly items: readonly Expression[];
}

export interface ObjectItem {
  /** A bare identifier key is a `literal` string, as in Terraform; `(expr)` keys are expressions. */
  readonly key: Expression;
  readonly value: Expression;
  readonly range: Range;
}

export interface ObjectExpr extends ExprBase {
  readonly kind: 'object';
  readonly items: readonly ObjectItem[];
}

export interface ConditionalExpr extends ExprBase {
  readonly kind: 'conditional';
  readonly condition: Expression;
  readonly trueResult: Expression;
  readonly falseResult: Expression;
}

export type BinaryOperator = '||' | '&&' | '==' | '!=' | '<' | '>' | '<=' | '>=' | '+' | '-' | '*' | '/' | '%';

export interface BinaryExpr extends ExprBase {
  readonly kind: 'binary';
  readonly op: BinaryOperator;
  readonly left: Expression;
  readonly right: Expression;
}

export interface UnaryExpr extends ExprBase {
  readonly kind: 'unary';
  readonly op: '!' | '-';
  readonly operand: Expression;
}

export interface ForExpr extends ExprBase {
  readonly kind: 'for';
  readonly keyVar?: string;
  readonly valueVar: string;
  readonly collection: Expression;
  /** Present for the object form `{ for k, v in x : key => value }`. */
  readonly keyExpr?: Expression;
  readonly valueExpr: Expression;
  readonly condition?: Expression;
  /** `...` after the value of the object form: values with equal keys are grouped into lists. */
  readonly grouping: boolean;
}

export interface ParenExpr extends ExprBase {
  readonly kind: 'parens';
  readonly expr: Expression;
}

/** What the parser leaves where an expression did not parse. Its value is always unknown. */
export interface InvalidExpr extends ExprBase {
  readonly kind: 'invalid';
}

export type Node = Block | Attribute | Expression;

// ---------------------------------------------------------------------------------------------
// Values

/** Marks a value, or a part of one, that cannot be known before `terraform apply`. */
export const UNKNOWN: unique symbol = Symbol('unknown');
export type Unknown = typeof UNKNOWN;

/**
 * A Terraform value. Lists, tuples and sets are arrays; maps and objects are plain objects.
 * A known collection may hold UNKNOWN elements (for example `merge(local.tags, { Id = aws_x.y.id })`).
 */
export type Value = null | boolean | number | string | readonly Value[] | { readonly [key: string]: Value } | Unknown;

export type Evaluated =
  | {
      readonly known: true;
      readonly value: Value;
      /** Input variables the value came through. A module's caller or a var file may change them. */
      readonly inputs: readonly string[];
      /**
       * Part of the value is a plan's (`scan --plan`): what a data source returned or the provider computed,
       * not something the configuration states.
       */
      readonly fromPlan?: true;
    }
  | { readonly known: false };

// ---------------------------------------------------------------------------------------------
// The module

export type ReferenceKind = 'resource' | 'data' | 'variable' | 'local' | 'module' | 'each' | 'count' | 'self' | 'path' | 'terraform';

/** One reference in the configuration, from the block that contains it to the thing it names. */
export interface Reference {
  readonly kind: ReferenceKind;
  /** What is referred to: `aws_s3_bucket.logs`, `data.aws_ami.ubuntu`, `var.name`, `local.x`, `module.vpc`, `each.value`. */
  readonly address: string;
  /** Static attribute names and keys after the address, e.g. `["arn"]`, or `[0, "id"]` for `x.y[0].id`. */
  readonly path: readonly (string | number)[];
  /** The static part of the traversal, e.g. `aws_s3_bucket.logs.arn` in `aws_s3_bucket.logs.arn[*]`. */
  readonly range: Range;
  /** The index right after the address, e.g. `each.key` in `aws_x.y[each.key].id`: which instance is meant. */
  readonly instanceKey?: Expression | undefined;
  readonly file: string;
  /** The top-level block that holds the reference (the `locals` block for a local's value). */
  readonly from: Block;
}

export interface ResolvedReference {
  readonly reference: Reference;
  /** The resource, data source or module call referred to. */
  readonly block: Block;
  /** The instance, when the reference indexes a `count`/`for_each` block with a known key. */
  readonly instance?: Block;
  /** Attribute names and keys after the address (and after the instance key, if any). */
  readonly path: readonly (string | number)[];
}

// ---------------------------------------------------------------------------------------------
// Environments: the same configuration given different values per environment

/**
 * How the environments were found: var files named after environments or kept in environment folders,
 * sibling environment directories calling the same local module, per-environment Terragrunt files, or
 * the `environments` of `.premortem.json`.
 */
export type EnvironmentKind = 'var-file' | 'module-call' | 'terragrunt' | 'config';

/** One value an environment gives to a variable of the target module. */
export interface EnvironmentEntry {
  /** The variable (or Terragrunt input, or module argument) name. */
  readonly name: string;
  /** Where it is set, in the environment's own file (a Terragrunt `inputs` item is given as an attribute). */
  readonly attribute: Attribute;
  /** Var files and Terragrunt inputs on their own; module arguments in the calling module's context. */
  readonly value: Evaluated;
  /**
   * Set by a file every environment loads (`terraform.tfvars`, `*.auto.tfvars`, a `common.tfvars` in an
   * environment folder): the same in each environment that does not override it.
   */
  readonly inherited: boolean;
  /** The file lies outside this module's folder (named in `.premortem.json`) and may serve other modules too. */
  readonly outsideModule: boolean;
}

export interface Environment {
  /** `prod`, `staging`: the var file's name, the environment folder, or the module call's label. */
  readonly name: string;
  readonly kind: EnvironmentKind;
  /** The files that set its values, lowest precedence first (files every environment loads are not listed). */
  readonly files: readonly SourceFile[];
  /** Every value it sets, by name, inherited ones included; where several files set a name, the last wins. */
  readonly entries: ReadonlyMap<string, EnvironmentEntry>;
  /** Where to report what it lacks: its module call, its Terragrunt `inputs`, or the first line of its last file. */
  readonly anchor: Block | Attribute | { readonly file: string; readonly range: Range };
  /**
   * The entries are all it sets: false when a Terragrunt `include` or a computed `inputs` may add more, or
   * when one of its files has syntax errors.
   */
  readonly complete: boolean;
  /** Why it is not complete, where a sentence says more than that (a Terragrunt include Terragrunt refuses). */
  readonly note?: string;
  /**
   * Findings about this environment belong to this lint. False for the other callers of a module and the
   * other Terragrunt directories: they are linted as modules of their own and report there.
   */
  readonly own: boolean;
}

/** Environments that give values to the same module, to be compared with each other. */
export interface EnvironmentGroup {
  readonly kind: EnvironmentKind;
  /** The module whose variables they set: this one for var files, else the called (or Terragrunt source) module. */
  readonly target: string;
  /** The target's `variable` blocks by name; undefined when it cannot be read (a remote or computed source). */
  readonly variables: ReadonlyMap<string, Block> | undefined;
  /**
   * For a called or Terragrunt source module that can be read (a local source): its resources as written
   * there, to be judged through each environment's values (`ctx.valueOf` does not evaluate them). Undefined
   * for var files and the config's environments, whose target is this module (`Module.resources`).
   */
  readonly resources?: readonly Block[];
  /** At least two, in name order. */
  readonly environments: readonly Environment[];
}

export interface Module {
  /** Absolute directory. */
  readonly dir: string;
  /** The `.tf` and `.tf.json` files, in file-name order. */
  readonly files: readonly SourceFile[];
  /** Variable files loaded for evaluation, in precedence order (lowest first). */
  readonly varFiles: readonly SourceFile[];
  /**
   * Partial backend configuration files that `terraform init -backend-config=FILE` may apply to this module
   * (`*.tfbackend`, `backend.hcl`, `backend-*.hcl`), found in its directory, below it, or in a parent.
   */
  readonly backendConfigFiles: readonly SourceFile[];
  /** Every top-level block, file by file in source order. */
  readonly blocks: readonly Block[];
  readonly resources: readonly Block[];
  readonly dataSources: readonly Block[];
  readonly variables: ReadonlyMap<string, Block>;
  /** Every local value, by name, across all `locals` blocks. */
  readonly locals: ReadonlyMap<string, Attribute>;
  readonly outputs: ReadonlyMap<string, Block>;
  readonly moduleCalls: ReadonlyMap<string, Block>;
  readonly providers: readonly Block[];
  readonly terraformBlocks: readonly Block[];
  /** The `backend` block inside `terraform`, if any. */
  readonly backend?: Block;
  readonly references: readonly Reference[];
  /**
   * The environments this module is deployed as, grouped by the module they give values to; found on
   * first use (see `EnvironmentKind` for the layouts). Empty when the module has no environment layout.
   */
  readonly environments: readonly EnvironmentGroup[];

  /** The resource, data source or module call at an address: `aws_lb.main`, `data.aws_ami.ubuntu`, `module.vpc`. */
  block(address: string): Block | undefined;
  resource(type: string, name: string): Block | undefined;
  resourcesOfType(type: string): readonly Block[];
  dataSource(type: string, name: string): Block | undefined;
  dataSourcesOfType(type: string): readonly Block[];
  /** References to an address (`aws_lb.main`), whatever attribute or instance they go through. */
  referencesTo(address: string): readonly Reference[];
  /** References made from inside a top-level block. */
  referencesFrom(block: Block): readonly Reference[];
  file(path: string): SourceFile | undefined;
}

// ---------------------------------------------------------------------------------------------
// Edits

export interface TextEdit {
  readonly file: string;
  /** Only the offsets are authoritative; line and column are for display. */
  readonly range: Range;
  readonly newText: string;
}

/** A nested block that `Fixer.ensureBlock` will create; attributes set on it go into the new block. */
export interface PendingBlock {
  readonly node: 'pending-block';
  readonly type: string;
  readonly parent: Block | PendingBlock;
}

/**
 * Records text edits. Every helper throws a FixError when an edit overlaps one already recorded,
 * or when the file is JSON syntax and the helper only knows HCL; the engine then drops that fix.
 */
export interface Fixer {
  replace(at: Node | Range, text: string): void;
  insertBefore(at: Node | Range, text: string): void;
  insertAfter(at: Node | Range, text: string): void;
  remove(at: Node | Range): void;
  /** Replaces the attribute's expression if present, else adds `name = valueText` at the body's indentation. */
  setAttribute(block: Block | PendingBlock, name: string, valueText: string): void;
  /** Removes the attribute's whole line(s), with its own comments. */
  removeAttribute(attribute: Attribute): void;
  removeBlock(block: Block): void;
  /** The first nested block of that type, or one that will be appended (created with what is set on it). */
  ensureBlock(block: Block | PendingBlock, type: string): Block | PendingBlock;
}

// ---------------------------------------------------------------------------------------------
// Rules

export type Severity = 'error' | 'warning' | 'info';

export type Category = 'availability' | 'data-loss' | 'capacity' | 'recovery' | 'change-safety' | 'security' | 'correctness';

export type Fixable = 'none' | 'suggestion' | 'safe';

/** A block type, optionally narrowed by its first label (the resource or data source type). */
export interface BlockSelector {
  readonly block: string;
  readonly labels?: readonly string[];
}

/** The subset of JSON Schema that rule options and the config file use. */
export interface JsonSchema {
  readonly type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';
  readonly description?: string;
  readonly enum?: readonly (string | number | boolean | null)[];
  readonly properties?: { readonly [name: string]: JsonSchema };
  readonly additionalProperties?: boolean | JsonSchema;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly pattern?: string;
  readonly oneOf?: readonly JsonSchema[];
  readonly default?: unknown;
  readonly $ref?: string;
}

export interface RuleMeta<MessageIds extends string = string, Options extends object = object> {
  /** kebab-case `<provider>-<service>-<hazard>`; equals the file name. */
  readonly id: string;
  /** One short imperative sentence. */
  readonly title: string;
  /** The hazard and how it becomes an outage, in one or two sentences. */
  readonly description: string;
  readonly category: Category;
  /** Default severity; a report may choose another (the catalog's conditional error-or-warning cases). */
  readonly severity: Severity;
  readonly recommended: boolean;
  readonly appliesTo: readonly BlockSelector[];
  readonly fixable: Fixable;
  /** Templates with `{name}` placeholders: the hazard and the remedy, never the rule id. */
  readonly messages: { readonly [K in MessageIds]: string };
  readonly options?: { readonly schema: JsonSchema; readonly defaults: Options };
  /** The post-mortem the rule comes from, in a few words. */
  readonly incident: string;
  /**
   * Every provider attribute the rule reads, as `<resource type>.<nested block>...<attribute>`, with a
   * `data.` prefix for data sources (`aws_cloudfront_distribution.ordered_cache_behavior.path_pattern`).
   * A test checks each against the AWS provider schema, so a misspelt or removed attribute cannot make a
   * rule silently stop working; for providers whose schema is not on hand (`azurerm_`, `google_`), it checks
   * that the rule's page names each attribute and cites the provider's documentation. Terraform's own blocks
   * (`terraform`, `backend`) are not listed.
   */
  readonly reads?: readonly string[];
  readonly since: string;
  /**
   * `roots`: the rule compares how a configuration is deployed (its environments: var files, sibling
   * callers, Terragrunt inputs), which only a root module has, so it does not run on the instances of the
   * modules a root calls. `plan`: the rule judges what a Terraform plan does (a `PlanRule`); it runs once
   * per plan given (`scan --plan`), on the tree of the root module the plan was made from, and never
   * without one (the editor has no plan). Default `every-instance`: it runs on every module instance with
   * its caller's values.
   */
  readonly runsOn?: RunsOn;
  readonly deprecated?: boolean;
  readonly replacedBy?: readonly string[];
}

/** Where a rule runs: see `RuleMeta.runsOn`. */
export type RunsOn = 'every-instance' | 'roots' | 'plan';

export interface RelatedLocation {
  readonly at: Node | Range;
  /** Needed only when `at` is a bare Range in another file. */
  readonly file?: string;
  readonly message: string;
}

export interface Suggestion<MessageIds extends string = string> {
  readonly messageId: MessageIds;
  readonly data?: Readonly<Record<string, string | number>>;
  readonly edits: (fixer: Fixer) => void;
}

export interface ReportDescriptor<MessageIds extends string = string> {
  /** A value that is risky: its expression. Something missing: the block (its header is used). */
  readonly at: Node | Range;
  /** Needed only when `at` is a bare Range. */
  readonly file?: string;
  readonly messageId: MessageIds;
  readonly data?: Readonly<Record<string, string | number>>;
  /** Overrides `meta.severity` for this finding; a user's configured severity still wins. */
  readonly severity?: Severity;
  readonly related?: readonly RelatedLocation[];
  /** Plan-changing edits, offered one click at a time. */
  readonly suggest?: readonly Suggestion<MessageIds>[];
  /** A plan-neutral edit; allowed only when `meta.fixable` is `safe`. */
  readonly fix?: (fixer: Fixer) => void;
}

/** Settings shared by several rules, from the project config. */
export interface SharedSettings {
  /** Path patterns (CloudFront `path_pattern` syntax) that serve static assets. */
  readonly staticAssetPatterns: readonly string[];
}

export interface RuleContext<MessageIds extends string = string, Options extends object = object> {
  readonly module: Module;
  readonly options: Options;
  readonly settings: SharedSettings;
  /**
   * The value of an expression, or unknown; never a guess. `within` is the (possibly expanded) block the
   * expression belongs to; by default it is the block being checked.
   */
  valueOf(expr: Expression | undefined, within?: Block): Evaluated;
  /** The value of an attribute of a block; unknown when the attribute is absent. */
  attributeValue(block: Block, name: string): Evaluated;
  /** Nested blocks of a type, `dynamic` blocks expanded where their `for_each` is known. */
  nestedBlocks(block: Block, type: string): readonly Block[];
  /** Whether a `dynamic` block with an unknown `for_each` may add more blocks of that type. */
  mayHaveUnknownBlocks(block: Block, type: string): boolean;
  /**
   * The instances of a resource, data source or module call: one copy per `count`/`for_each` element when
   * known, none when the count is known to be 0, else the block itself with unknown bindings.
   */
  instances(block: Block): readonly Block[];
  /**
   * The module a module call runs, when premortem can read it: a local source, or a remote one that
   * `terraform init` downloaded. premortem then lints every instance of it with this call's arguments, so a
   * rule need not guess from the arguments alone. Undefined for a remote module that was not downloaded.
   */
  calledModule(call: Block): Module | undefined;
  /**
   * The module that declares a node: `module` for the checked module's own, or the module of a block that a
   * reference led into (a queue inside a child module, reached through `module.q.queue_arn`).
   */
  moduleOf(node: Node): Module;
  /** The source text of a node. */
  sourceText(node: Node): string;
  /** References made inside an expression or a block (`aws_sqs_queue.dlq.arn` inside a `jsonencode({...})`). */
  referencesIn(node: Expression | Block): readonly Reference[];
  /**
   * What an expression that is a reference points at: `aws_sqs_queue.dlq.arn` gives the `aws_sqs_queue.dlq`
   * block (and, for `aws_x.y["k"].arn`, its known instance) and the path after the address (`["arn"]`).
   * It follows module boundaries as Terraform does: `module.q.queue_arn` through the child's output to the
   * resource inside it, and, in a child module, `var.x` through the caller's argument. Blocks of another
   * module instance work with every method here. Undefined for anything else, or for an address that is
   * not declared.
   */
  resolveReference(expr: Expression, within?: Block): ResolvedReference | undefined;
  report(descriptor: ReportDescriptor<MessageIds>): void;
}

// ---------------------------------------------------------------------------------------------
// Plans: what `terraform plan` is about to do, for rules with `runsOn: 'plan'`

/** What Terraform does to a resource instance. A replacement is two actions, in the order Terraform takes them. */
export type PlanAction = 'create' | 'read' | 'update' | 'delete' | 'no-op' | 'forget';

/** An object's attributes as a plan has them. */
export type PlanObject = { readonly [name: string]: Value };

/** One resource instance of a plan's `resource_changes`, with its actions exactly as the plan has them. */
export interface ResourceChange {
  /** Module path and instance key as Terraform writes them: `module.app["eu"].aws_db_instance.main[0]`. */
  readonly address: string;
  /** The module instance that declares it: `module.app["eu"]`; `''` in the root module. */
  readonly moduleAddress: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  /** The `count` index or `for_each` key, when it has one. */
  readonly index?: string | number;
  /**
   * `["delete", "create"]` replaces it, the old object first; `["create", "delete"]` replaces it with the new
   * object first (`create_before_destroy`, its own or passed on by a resource that depends on it).
   * `["forget"]` leaves the object in place and only drops it from the state (a `removed` block with
   * `destroy = false`): nothing is deleted. `["no-op"]` and `["read"]` change nothing.
   */
  readonly actions: readonly PlanAction[];
  /** The values before the change, as the prior state has them; null when it does not exist yet. */
  readonly before: PlanObject | null;
  /** The planned values, UNKNOWN where the plan cannot know them; null when the object goes (or is forgotten). */
  readonly after: PlanObject | null;
  /** Why, when Terraform says: `delete_because_no_resource_config`, `replace_because_cannot_update`, ... */
  readonly actionReason?: string;
}

/** A reference to a resource in the configuration a plan was made from. */
export interface PlanReference {
  /** The resource instance whose configuration holds the reference. */
  readonly from: ResourceChange;
  /** The argument or nested block of `from` that holds it: `alias`, `records`, `origin`, `default_action`. */
  readonly argument: string;
  /** When the reference comes out of a child module: the output it reads, `module.edge.public_ip`. */
  readonly through?: string;
}

/** What a plan does, as a rule sees it. */
export interface Plan {
  /** Every resource instance the plan names, in the plan's order; no-ops included. */
  readonly changes: readonly ResourceChange[];
  /** The change of a resource instance, by its address. */
  change(address: string): ResourceChange | undefined;
  /**
   * The resource instances whose configuration refers to this change's resource, read from the plan's own
   * account of the configuration (its `configuration` section, which also covers modules premortem cannot
   * read): in the same module instance, or in a caller through the outputs of the module that declares it.
   * A reference the plan does not record as one to the resource (through a local value) is not seen.
   * Nothing refers to a resource that left the configuration.
   */
  referencesTo(change: ResourceChange): readonly PlanReference[];
}

export interface PlanReportDescriptor<MessageIds extends string = string> {
  /**
   * The address the finding is about: a change's, or a resource's without its instance key for a finding
   * about several of its instances (`aws_instance.worker`). The engine puts the finding on the resource's
   * block while the configuration has one; on the `removed` block for the address, the module call that
   * declared it, or the first line of the root module's first file when it left the configuration.
   */
  readonly resource: string;
  readonly messageId: MessageIds;
  readonly data?: Readonly<Record<string, string | number>>;
  /** Overrides `meta.severity` for this finding; a user's configured severity still wins. */
  readonly severity?: Severity;
  readonly related?: readonly RelatedLocation[];
  /** Plan-changing edits, offered one click at a time; edit blocks that `blockOf` gives. */
  readonly suggest?: readonly Suggestion<MessageIds>[];
}

export interface PlanRuleContext<MessageIds extends string = string, Options extends object = object> {
  readonly options: Options;
  readonly settings: SharedSettings;
  readonly plan: Plan;
  /**
   * The block that declares a change's resource (its instance under `count`/`for_each`, when the
   * configuration knows the key) where the user can edit it; undefined when it left the configuration, or
   * lives in a module that premortem cannot read or that `terraform init` downloaded.
   */
  blockOf(change: ResourceChange): Block | undefined;
  report(descriptor: PlanReportDescriptor<MessageIds>): void;
}

interface RuleBase<MessageIds extends string, Options extends object> {
  readonly meta: RuleMeta<MessageIds, Options> & { readonly runsOn?: Exclude<RunsOn, 'plan'> };
}

export interface BlockRule<MessageIds extends string = string, Options extends object = object> extends RuleBase<MessageIds, Options> {
  /** Called once per matching block, or once per instance when `count`/`for_each` is known. */
  check(block: Block, ctx: RuleContext<MessageIds, Options>): void;
  readonly checkModule?: undefined;
  readonly checkPlan?: undefined;
}

export interface ModuleRule<MessageIds extends string = string, Options extends object = object> extends RuleBase<MessageIds, Options> {
  /** Called once per module, for rules that look across blocks. */
  checkModule(module: Module, ctx: RuleContext<MessageIds, Options>): void;
  readonly check?: undefined;
  readonly checkPlan?: undefined;
}

/** A rule about what a plan does: it runs only when a plan is given (`meta.runsOn` is `plan`). */
export interface PlanRule<MessageIds extends string = string, Options extends object = object> {
  readonly meta: RuleMeta<MessageIds, Options> & { readonly runsOn: 'plan' };
  /** Called once per plan, on the tree of the root module it was made from. */
  checkPlan(plan: Plan, ctx: PlanRuleContext<MessageIds, Options>): void;
  readonly check?: undefined;
  readonly checkModule?: undefined;
}

export type RuleModule<MessageIds extends string = string, Options extends object = object> =
  BlockRule<MessageIds, Options> | ModuleRule<MessageIds, Options> | PlanRule<MessageIds, Options>;

/** Whether a rule judges a plan: it runs only when one is given. */
export function needsPlan(rule: { readonly meta: { readonly runsOn?: RunsOn } }): boolean {
  return rule.meta.runsOn === 'plan';
}

/** Identity helper: lets TypeScript infer message ids and option types from the rule object. */
export function defineRule<MessageIds extends string, Options extends object = object>(rule: RuleModule<MessageIds, Options>): RuleModule<MessageIds, Options> {
  return rule;
}

// ---------------------------------------------------------------------------------------------
// Small helpers for rules

export function getAttribute(block: Block, name: string): Attribute | undefined {
  for (const attribute of block.body.attributes) if (attribute.name === name) return attribute;
  return undefined;
}

/** Whether a report's target is a bare range (not a block, an attribute or an expression). */
export function isRange(at: Node | Range): at is Range {
  return 'start' in at && 'end' in at && !('node' in at) && !('kind' in at);
}

/** The block's `count` or `for_each` argument, if it has one. */
export function expansionOf(block: Block): Attribute | undefined {
  for (const attribute of block.body.attributes) if (attribute.name === 'count' || attribute.name === 'for_each') return attribute;
  return undefined;
}

/** A block with `count` or `for_each`: Terraform makes an instance of it per element (perhaps none). */
export function isExpanded(block: Block): boolean {
  return expansionOf(block) !== undefined;
}

/** A known value that holds no UNKNOWN anywhere inside. */
export function isWhollyKnown(value: Value): boolean {
  if (value === UNKNOWN) return false;
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.every(isWhollyKnown);
  return Object.values(value as { [key: string]: Value }).every(isWhollyKnown);
}

/** A known value as Terraform converts it for a bool argument (`"false"` is false), else undefined. */
export function asBool(value: Value): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** A known value as Terraform converts it for a number argument (`"30"` is 30), else undefined. */
export function asNumber(value: Value): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

/** A known value as Terraform converts it for a string argument (numbers and bools print as text), else undefined. */
export function asString(value: Value): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** The address Terraform uses for a top-level block: `aws_s3_bucket.logs`, `data.aws_ami.x`, `module.vpc`. */
export function addressOf(block: Block): string | undefined {
  const [first, second] = block.labels;
  switch (block.type) {
    case 'resource':
      return first !== undefined && second !== undefined ? `${first}.${second}` : undefined;
    case 'data':
      return first !== undefined && second !== undefined ? `data.${first}.${second}` : undefined;
    case 'module':
      return first !== undefined ? `module.${first}` : undefined;
    case 'variable':
      return first !== undefined ? `var.${first}` : undefined;
    case 'output':
      return first !== undefined ? `output.${first}` : undefined;
    default:
      return undefined;
  }
}

/** Calls whose first argument is the value they return when it exists: `try(aws_x.y[0].arn, null)`. */
const PASS_THROUGH_CALLS: ReadonlySet<string> = new Set(['try', 'one', 'tostring']);
const MAX_UNWRAP_DEPTH = 8;

/**
 * The expression that really names a value: parentheses, pass-through calls (`try`, `one`, `tostring`),
 * a template that is one interpolation, and `local.x` (from `locals`, the module's local values) taken off.
 */
export function unwrapReference(expr: Expression, locals: ReadonlyMap<string, Attribute>, depth = 0): Expression {
  if (depth > MAX_UNWRAP_DEPTH) return expr;
  if (expr.kind === 'parens') return unwrapReference(expr.expr, locals, depth + 1);
  if (expr.kind === 'call' && PASS_THROUGH_CALLS.has(expr.name) && expr.args[0] && !expr.expandFinal) return unwrapReference(expr.args[0], locals, depth + 1);
  if (expr.kind === 'template' && expr.parts.length === 1 && expr.parts[0]!.kind === 'interpolation')
    return unwrapReference(expr.parts[0]!.expr, locals, depth + 1);
  if (
    expr.kind === 'traversal' &&
    expr.source.kind === 'variable' &&
    expr.source.name === 'local' &&
    expr.steps.length === 1 &&
    expr.steps[0]!.kind === 'attr'
  ) {
    const local = locals.get(expr.steps[0]!.name);
    if (local) return unwrapReference(local.expr, locals, depth + 1);
  }
  return expr;
}
