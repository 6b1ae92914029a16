// ECR lifecycle policies as data: each rule's selection and action, in the order ECR applies them, read from
// `jsonencode(...)`, a JSON string or a `data "aws_ecr_lifecycle_policy_document"`, with where to underline.
import { asNumber, asString, getAttribute, type Block, type Expression, type Module, type Node, type Range, type RuleContext, type Value } from '../api';
import { jsonDocument, locateJsonValue, locateMember } from './json-document';
import { repositoryOf, type RepositoryRef } from './ecr-images';

export interface LifecycleRule {
  readonly priority: number | undefined;
  /** `any`, `tagged` or `untagged`; undefined when not known. */
  readonly tagStatus: string | undefined;
  /** Undefined when the list is set but not known. */
  readonly tagPrefixes: readonly string[] | undefined;
  readonly tagPatterns: readonly string[] | undefined;
  readonly countType: string | undefined;
  readonly countNumber: number | undefined;
  readonly countUnit: string | undefined;
  /** `expire` or `transition`. */
  readonly action: string | undefined;
  readonly countTypeAt: Node | Range;
  readonly tagStatusAt: Node | Range;
}

export interface LifecyclePolicy {
  /** The (instance of the) `aws_ecr_lifecycle_policy`. */
  readonly block: Block;
  readonly repository: RepositoryRef;
  /** In the order ECR evaluates them: lowest rulePriority first. */
  readonly rules: readonly LifecycleRule[];
}

/** Every lifecycle policy of the module whose rules can be read. */
export function lifecyclePolicies(module: Module, ctx: RuleContext<string>): LifecyclePolicy[] {
  const policies: LifecyclePolicy[] = [];
  for (const block of module.resourcesOfType('aws_ecr_lifecycle_policy').flatMap((b) => ctx.instances(b))) {
    const repository = getAttribute(block, 'repository');
    const policy = getAttribute(block, 'policy');
    if (!repository || !policy) continue;
    const rules = readRules(policy.expr, block, module, ctx);
    if (!rules) continue;
    const ordered = [...rules].sort((a, b) => (a.priority ?? Infinity) - (b.priority ?? Infinity));
    policies.push({ block, repository: repositoryOf(repository.expr, block, ctx), rules: ordered });
  }
  return policies;
}

/** Rules that remove images by count or by push age (not by last pull): they cannot tell what is in use. */
export function isBlindRemoval(rule: LifecycleRule): boolean {
  return (rule.action === 'expire' || rule.action === 'transition') && (rule.countType === 'imageCountMoreThan' || rule.countType === 'sinceImagePushed');
}

/** What a rule does, for messages: "expires every image beyond the newest 10", "archives images pushed more than 30 days ago". */
export function describeRemoval(rule: LifecycleRule, kind: string): string {
  const verb = rule.action === 'transition' ? 'archives' : 'expires';
  const n = rule.countNumber;
  if (rule.countType === 'imageCountMoreThan') return n === undefined ? `${verb} the oldest ${kind}` : `${verb} every ${kind} beyond the newest ${n}`;
  const unit = rule.countUnit === 'days' || rule.countUnit === undefined ? (n === 1 ? 'day' : 'days') : rule.countUnit;
  return n === undefined ? `${verb} ${kind}s after a set age` : `${verb} ${kind}s pushed more than ${n} ${unit} ago`;
}

/** Whether a rule's selection takes an image with this tag: true, false, or undefined when the selection is unknown. */
export function selectsTag(rule: LifecycleRule, tag: string): boolean | undefined {
  switch (rule.tagStatus) {
    case 'any':
      return true;
    case 'untagged':
      return false;
    case 'tagged': {
      if (rule.tagPrefixes === undefined || rule.tagPatterns === undefined) return undefined;
      return rule.tagPrefixes.some((p) => tag.startsWith(p)) || rule.tagPatterns.some((p) => wildcardMatches(p, tag));
    }
    default:
      return undefined;
  }
}

/** ECR tag patterns: `*` matches any run of characters, everything else is literal. */
function wildcardMatches(pattern: string, tag: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 's').test(tag);
}

function readRules(expr: Expression, policy: Block, module: Module, ctx: RuleContext<string>): LifecycleRule[] | undefined {
  const resolved = ctx.resolveReference(expr, policy);
  if (resolved?.block.type === 'data' && resolved.block.labels[0] === 'aws_ecr_lifecycle_policy_document') {
    return documentRules(resolved.instance ?? resolved.block, ctx);
  }
  const document = jsonDocument(expr, policy, module, ctx);
  const rules = isObject(document) ? document['rules'] : undefined;
  if (!Array.isArray(rules)) return undefined;
  const list = rules as readonly Value[];
  const whereIs = (i: number, field: 'countType' | 'tagStatus'): Node | Range =>
    locateMember(expr, ['rules', i, 'selection', field], module) ?? locateJsonValue(expr, field, i, list.length, module) ?? expr;
  return list.flatMap((rule, i) => {
    if (!isObject(rule)) return [];
    const selection = isObject(rule['selection']) ? rule['selection'] : {};
    const action = isObject(rule['action']) ? rule['action'] : {};
    return [
      {
        priority: asNumber(rule['rulePriority'] ?? null),
        tagStatus: asString(selection['tagStatus'] ?? null),
        tagPrefixes: stringList(selection['tagPrefixList']),
        tagPatterns: stringList(selection['tagPatternList']),
        countType: asString(selection['countType'] ?? null),
        countNumber: asNumber(selection['countNumber'] ?? null),
        countUnit: asString(selection['countUnit'] ?? null),
        action: asString(action['type'] ?? null),
        countTypeAt: whereIs(i, 'countType'),
        tagStatusAt: whereIs(i, 'tagStatus'),
      },
    ];
  });
}

function documentRules(document: Block, ctx: RuleContext<string>): LifecycleRule[] | undefined {
  if (ctx.mayHaveUnknownBlocks(document, 'rule')) return undefined;
  return ctx.nestedBlocks(document, 'rule').map((rule) => {
    const selection = ctx.nestedBlocks(rule, 'selection')[0];
    const action = ctx.nestedBlocks(rule, 'action')[0];
    const read = (block: Block | undefined, name: string): Value | undefined => {
      const value = block ? ctx.attributeValue(block, name) : undefined;
      return value?.known ? value.value : undefined;
    };
    const list = (name: string): readonly string[] | undefined => (selection && getAttribute(selection, name) ? stringList(read(selection, name)) : []);
    return {
      priority: asNumber(read(rule, 'priority') ?? null),
      tagStatus: asString(read(selection, 'tag_status') ?? null),
      tagPrefixes: list('tag_prefix_list'),
      tagPatterns: list('tag_pattern_list'),
      countType: asString(read(selection, 'count_type') ?? null),
      countNumber: asNumber(read(selection, 'count_number') ?? null),
      countUnit: asString(read(selection, 'count_unit') ?? null),
      action: asString(read(action, 'type') ?? null),
      countTypeAt: (selection && getAttribute(selection, 'count_type')?.expr) ?? rule,
      tagStatusAt: (selection && getAttribute(selection, 'tag_status')?.expr) ?? rule,
    };
  });
}

/** A list of known strings; absent is empty; anything unknown is undefined. */
function stringList(value: Value | undefined): readonly string[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return undefined;
  const items = (value as readonly Value[]).map((v) => asString(v));
  return items.every((v): v is string => v !== undefined) ? items : undefined;
}

function isObject(value: Value | undefined): value is { readonly [key: string]: Value } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
