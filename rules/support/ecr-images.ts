// The container images that workloads in a module deploy, with the ECR repository and the tag (or digest)
// each one names: ECS task definitions, Batch job definitions and Lambda functions, written with
// jsonencode, JSON strings, templates and locals. `repository_url` is computed, so the repository is
// recognised by the reference itself, and the tag by what follows it.
import { asString, isExpanded, type Block, type Expression, type Module, type Node, type RuleContext, type TemplatePart, type Value } from '../api';
import { parseJson } from './json-document';
import { localExpression } from './locals';

/** A repository as a policy or an image names it: through a repository block, by name, or both. */
export interface RepositoryRef {
  /** The `aws_ecr_repository` resource or data source referred to (the block itself, not an instance). */
  readonly block?: Block;
  /** The instance key, when the block has count or for_each and the reference picks a known instance. */
  readonly instanceKey?: string | number;
  readonly name?: string;
}

export type ImageReference = { readonly kind: 'tag'; readonly tag: string } | { readonly kind: 'digest' } | { readonly kind: 'unknown' };

export interface DeployedImage {
  /** The (instance of the) task definition, job definition or function. */
  readonly consumer: Block;
  /** The image expression, or the whole argument when the containers are written as a JSON string. */
  readonly at: Node;
  readonly repository: RepositoryRef;
  readonly reference: ImageReference;
  /** An ECS container: ECS pins the digest the tag had when the service was deployed. */
  readonly ecs: boolean;
  /** `versionConsistency = "disabled"`: ECS resolves the tag at every launch instead. */
  readonly versionConsistencyDisabled: boolean;
}

type Segment = { readonly text: string } | { readonly repository: RepositoryRef } | { readonly unknown: true };

interface Container {
  readonly image: readonly Segment[];
  readonly at: Node;
  readonly versionConsistency: string | undefined;
}

const MARK_OPEN = '\u27e6';
const MARK_CLOSE = '\u27e7';
const ECR_IMAGE = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\/([^:@]+)([:@].*)?$/s;

/** Every image from an ECR repository that a workload in this module deploys. */
export function deployedImages(module: Module, ctx: RuleContext<string>): DeployedImage[] {
  const images: DeployedImage[] = [];
  const add = (type: string, argument: string, ecs: boolean): void => {
    for (const consumer of module.resourcesOfType(type).flatMap((b) => ctx.instances(b))) {
      const attribute = consumer.body.attributes.find((a) => a.name === argument);
      if (!attribute) continue;
      const containers =
        type === 'aws_lambda_function'
          ? [{ image: segments(attribute.expr, consumer, module, ctx, 0), at: attribute.expr, versionConsistency: undefined }]
          : containersIn(attribute.expr, consumer, module, ctx, 0);
      // A pipeline outside Terraform deploys the images: what is written here is not what runs.
      const managedElsewhere = ignoresChanges(consumer, argument);
      for (const container of containers) {
        const parsed = parseImage(container.image);
        if (!parsed) continue;
        const reference: ImageReference = managedElsewhere ? { kind: 'unknown' } : parsed.reference;
        images.push({
          consumer,
          at: container.at,
          repository: parsed.repository,
          reference,
          ecs,
          versionConsistencyDisabled: container.versionConsistency === 'disabled',
        });
      }
    }
  };
  add('aws_ecs_task_definition', 'container_definitions', true);
  add('aws_batch_job_definition', 'container_properties', false);
  add('aws_lambda_function', 'image_uri', false);
  return images;
}

/** `lifecycle { ignore_changes = [argument] }` (or `= all`): Terraform leaves that argument to someone else. */
function ignoresChanges(block: Block, argument: string): boolean {
  const ignored = block.body.blocks.find((b) => b.type === 'lifecycle')?.body.attributes.find((a) => a.name === 'ignore_changes')?.expr;
  if (!ignored) return false;
  const names = (expr: Expression): string | undefined =>
    expr.kind === 'variable'
      ? expr.name
      : expr.kind === 'traversal' && expr.source.kind === 'variable'
        ? expr.source.name
        : expr.kind === 'literal' && typeof expr.value === 'string'
          ? expr.value
          : undefined;
  if (ignored.kind === 'tuple') return ignored.items.some((item) => names(item) === argument || names(item) === 'all');
  return names(ignored) === 'all';
}

/** The repository an expression names: `aws_ecr_repository.app.name`, a data source, a known name. */
export function repositoryOf(expr: Expression, within: Block, ctx: RuleContext<string>): RepositoryRef {
  const value = ctx.valueOf(expr, within);
  const name = value.known ? asString(value.value) : undefined;
  const resolved = ctx.resolveReference(expr, within);
  if (!resolved || !isRepositoryBlock(resolved.block)) return name === undefined ? {} : { name };
  const key = resolved.instance?.instance?.key;
  return { block: resolved.block, ...(key === undefined ? {} : { instanceKey: key }), ...(name === undefined ? {} : { name }) };
}

/** Whether two references certainly name the same repository. */
export function sameRepository(a: RepositoryRef, b: RepositoryRef): boolean {
  if (a.name !== undefined && b.name !== undefined) return a.name === b.name;
  if (!a.block || a.block !== b.block) return false;
  if (!isExpanded(a.block)) return true;
  return a.instanceKey !== undefined && b.instanceKey !== undefined && String(a.instanceKey) === String(b.instanceKey);
}

function isRepositoryBlock(block: Block): boolean {
  return (block.type === 'resource' || block.type === 'data') && block.labels[0] === 'aws_ecr_repository';
}

function unwrap(expr: Expression): Expression {
  let target = expr;
  while (target.kind === 'parens') target = target.expr;
  return target;
}

/** `aws_ecr_repository.x.repository_url` (or a data source's): the repository it belongs to. */
function repositoryUrl(expr: Expression, within: Block | undefined, ctx: RuleContext<string>): RepositoryRef | undefined {
  const resolved = ctx.resolveReference(expr, within);
  if (!resolved || !isRepositoryBlock(resolved.block) || resolved.path[0] !== 'repository_url') return undefined;
  const source = resolved.instance ?? (isExpanded(resolved.block) ? undefined : resolved.block);
  const name = source ? ctx.attributeValue(source, 'name') : undefined;
  const known = name?.known ? asString(name.value) : undefined;
  const key = resolved.instance?.instance?.key;
  return { block: resolved.block, ...(key === undefined ? {} : { instanceKey: key }), ...(known === undefined ? {} : { name: known }) };
}

/** An image expression as text, repository references and unknown parts. */
function segments(expr: Expression, within: Block | undefined, module: Module, ctx: RuleContext<string>, depth: number): Segment[] {
  const target = unwrap(expr);
  if (depth > 8) return [{ unknown: true }];
  if (target.kind === 'literal') return target.value === null ? [{ unknown: true }] : [{ text: String(target.value) }];
  if (target.kind === 'template') {
    return target.parts.flatMap((part): Segment[] => {
      if (part.kind === 'text') return [{ text: part.value }];
      if (part.kind === 'interpolation') return segments(part.expr, within, module, ctx, depth + 1);
      return [{ unknown: true }];
    });
  }
  const repository = repositoryUrl(target, within, ctx);
  if (repository) return [{ repository }];
  const local = localExpression(target, module);
  if (local) return segments(local, undefined, module, ctx, depth + 1);
  const value = ctx.valueOf(target, within);
  const text = value.known ? asString(value.value) : undefined;
  return text === undefined ? [{ unknown: true }] : [{ text }];
}

/** The containers of a task or job definition, each with its image. */
function containersIn(expr: Expression, within: Block | undefined, module: Module, ctx: RuleContext<string>, depth: number): Container[] {
  const target = unwrap(expr);
  if (depth > 8) return [];
  if (target.kind === 'call' && target.name === 'jsonencode' && target.args.length === 1) return structure(target.args[0]!, within, module, ctx, depth + 1);
  const local = localExpression(target, module);
  if (local) return containersIn(local, undefined, module, ctx, depth + 1);
  if (target.kind === 'template') return fromTemplate(target.parts, target, within, ctx);
  const value = ctx.valueOf(target, within);
  const text = value.known ? asString(value.value) : undefined;
  return text === undefined ? [] : fromJson(parseJson(text), target, []);
}

/** Containers written as HCL (the argument of jsonencode): each object with an `image`. */
function structure(expr: Expression, within: Block | undefined, module: Module, ctx: RuleContext<string>, depth: number): Container[] {
  const target = unwrap(expr);
  if (depth > 16) return [];
  const local = localExpression(target, module);
  if (local) return structure(local, undefined, module, ctx, depth + 1);
  if (target.kind === 'tuple') return target.items.flatMap((item) => structure(item, within, module, ctx, depth + 1));
  if (target.kind === 'call' && target.name === 'concat') return target.args.flatMap((arg) => structure(arg, within, module, ctx, depth + 1));
  if (target.kind === 'object') {
    const item = (key: string) => target.items.find((i) => i.key.kind === 'literal' && i.key.value === key);
    const image = item('image');
    if (!image) return [];
    const consistency = item('versionConsistency');
    const value = consistency ? ctx.valueOf(consistency.value, within) : undefined;
    return [
      { image: segments(image.value, within, module, ctx, depth + 1), at: image.value, versionConsistency: value?.known ? asString(value.value) : undefined },
    ];
  }
  const value = ctx.valueOf(target, within);
  return value.known ? fromJson(value.value, target, []) : [];
}

/**
 * A heredoc of JSON with interpolations: rendered with a marker where a repository URL goes (and where an
 * unknown string goes), then parsed. An unknown value outside a JSON string becomes null.
 */
function fromTemplate(parts: readonly TemplatePart[], at: Expression, within: Block | undefined, ctx: RuleContext<string>): Container[] {
  const repositories: RepositoryRef[] = [];
  let text = '';
  for (const part of parts) {
    if (part.kind === 'text') {
      text += part.value;
      continue;
    }
    if (part.kind !== 'interpolation') return [];
    const repository = repositoryUrl(part.expr, within, ctx);
    if (repository) {
      text += `${MARK_OPEN}${repositories.length}${MARK_CLOSE}`;
      repositories.push(repository);
      continue;
    }
    const value = ctx.valueOf(part.expr, within);
    const known = value.known ? asString(value.value) : undefined;
    if (known !== undefined) text += known;
    else text += insideJsonString(text) ? `${MARK_OPEN}?${MARK_CLOSE}` : 'null';
  }
  return fromJson(parseJson(text), at, repositories);
}

function insideJsonString(text: string): boolean {
  let inside = false;
  for (let i = 0; i < text.length; i++) {
    if (inside && text[i] === '\\') i++;
    else if (text[i] === '"') inside = !inside;
  }
  return inside;
}

/** Containers in a parsed JSON value: a list of container objects, or one object (a Batch job). */
function fromJson(value: Value | undefined, at: Expression, repositories: readonly RepositoryRef[]): Container[] {
  const objects = Array.isArray(value) ? (value as readonly Value[]) : [value];
  return objects.flatMap((object): Container[] => {
    if (typeof object !== 'object' || object === null || Array.isArray(object)) return [];
    const fields = object as { readonly [key: string]: Value };
    const image = fields['image'];
    if (typeof image !== 'string') return [];
    const consistency = fields['versionConsistency'];
    return [{ image: markedSegments(image, repositories), at, versionConsistency: typeof consistency === 'string' ? consistency : undefined }];
  });
}

function markedSegments(text: string, repositories: readonly RepositoryRef[]): Segment[] {
  const parts = text.split(new RegExp(`${MARK_OPEN}(\\d+|\\?)${MARK_CLOSE}`));
  return parts.flatMap((part, i): Segment[] => {
    if (i % 2 === 0) return part === '' ? [] : [{ text: part }];
    const repository = part === '?' ? undefined : repositories[Number(part)];
    return repository ? [{ repository }] : [{ unknown: true }];
  });
}

/** The repository and tag an image names, or undefined when it is not (certainly) an ECR image. */
function parseImage(image: readonly Segment[]): { repository: RepositoryRef; reference: ImageReference } | undefined {
  const merged: Segment[] = [];
  for (const segment of image) {
    const last = merged[merged.length - 1];
    if ('text' in segment && last && 'text' in last) merged[merged.length - 1] = { text: last.text + segment.text };
    else if (!('text' in segment) || segment.text !== '') merged.push(segment);
  }
  const [first, ...rest] = merged;
  if (!first || 'unknown' in first) return undefined;
  if ('repository' in first) {
    const next = rest[0];
    if (!next) return { repository: first.repository, reference: { kind: 'tag', tag: 'latest' } };
    if (!('text' in next)) return { repository: first.repository, reference: { kind: 'unknown' } };
    const reference = referenceAfterName(next.text, rest.length > 1);
    return reference ? { repository: first.repository, reference } : undefined;
  }
  const match = ECR_IMAGE.exec(first.text);
  if (!match) return undefined;
  const suffix = match[2] ?? '';
  if (suffix === '') return rest.length === 0 ? { repository: { name: match[1]! }, reference: { kind: 'tag', tag: 'latest' } } : undefined;
  const reference = referenceAfterName(suffix, rest.length > 0);
  return reference ? { repository: { name: match[1]! }, reference } : undefined;
}

/** What follows a repository name: `:tag`, `@sha256:...`, or something else (undefined). */
function referenceAfterName(text: string, moreFollows: boolean): ImageReference | undefined {
  if (text.startsWith('@') || (text.startsWith(':') && text.includes('@'))) return { kind: 'digest' };
  if (!text.startsWith(':')) return undefined;
  return !moreFollows && text.length > 1 ? { kind: 'tag', tag: text.slice(1) } : { kind: 'unknown' };
}
