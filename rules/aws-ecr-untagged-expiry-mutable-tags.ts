// XR-002. ECS pins the digest a tag had when a service was deployed. Push the mutable tag again and the old
// digest becomes untagged; an "expire untagged images" rule then deletes the image the running service
// still launches from. A clean-up of something in use, as in the October 2025 us-east-1 outage, and one that
// only fails at the next scale-out or task replacement.
import { addressOf, asString, defineRule, getAttribute, type Block, type Module, type RelatedLocation, type RuleContext } from './api';
import { deployedImages, sameRepository, type DeployedImage, type RepositoryRef } from './support/ecr-images';
import { describeRemoval, isBlindRemoval, lifecyclePolicies, type LifecycleRule } from './support/ecr-lifecycle';

type MessageId = 'untaggedExpiry';

export default defineRule<MessageId>({
  meta: {
    id: 'aws-ecr-untagged-expiry-mutable-tags',
    title: 'Do not expire untagged images of a mutable repository that ECS deploys by tag',
    description:
      'ECS runs the digest a tag pointed to at deploy time. When a mutable tag is pushed again that digest becomes untagged, and an untagged-image expiry rule deletes it while the service still launches tasks from it.',
    category: 'availability',
    severity: 'warning',
    recommended: true,
    appliesTo: [
      { block: 'resource', labels: ['aws_ecr_repository', 'aws_ecr_lifecycle_policy', 'aws_ecs_task_definition'] },
      { block: 'data', labels: ['aws_ecr_lifecycle_policy_document'] },
    ],
    fixable: 'none',
    messages: {
      untaggedExpiry:
        "This rule {removal}, and the repository's tags are mutable: when {tags} is pushed again, the digest that {consumers} still runs becomes untagged and is deleted, so new tasks fail with CannotPullContainerError. Make the tags immutable (a unique tag per build), or keep untagged images longer than any deployment lives.",
    },
    incident: 'AWS us-east-1, October 2025: a clean-up deleted what was in use',
    reads: [
      'aws_ecr_repository.name',
      'aws_ecr_repository.image_tag_mutability',
      'aws_ecr_lifecycle_policy.repository',
      'aws_ecr_lifecycle_policy.policy',
      'data.aws_ecr_lifecycle_policy_document.rule.priority',
      'data.aws_ecr_lifecycle_policy_document.rule.selection.tag_status',
      'data.aws_ecr_lifecycle_policy_document.rule.selection.count_type',
      'data.aws_ecr_lifecycle_policy_document.rule.selection.count_number',
      'data.aws_ecr_lifecycle_policy_document.rule.selection.count_unit',
      'data.aws_ecr_lifecycle_policy_document.rule.action.type',
      'aws_ecs_task_definition.container_definitions',
    ],
    since: '0.1.0',
  },

  checkModule(module, ctx) {
    const images = deployedImages(module, ctx).filter((i) => i.ecs && i.reference.kind === 'tag' && !i.versionConsistencyDisabled);
    if (images.length === 0) return;
    for (const policy of lifecyclePolicies(module, ctx)) {
      const repository = managedRepository(policy.repository, module, ctx);
      if (!repository || !hasMutableTags(repository, ctx)) continue;
      // Untagged images go to the first rule that selects them; only an untagged rule is this rule's business.
      const rule = policy.rules.find((r) => r.tagStatus === 'untagged' || r.tagStatus === 'any' || r.tagStatus === undefined);
      if (!rule || rule.tagStatus !== 'untagged' || !isBlindRemoval(rule)) continue;
      const victims = images.filter((image) => sameRepository(policy.repository, image.repository));
      if (victims.length === 0) continue;
      report(rule, policy.block, repository, victims, ctx);
    }
  },
});

/** The `aws_ecr_repository` resource of this module that a policy belongs to (an instance, when expanded). */
function managedRepository(reference: RepositoryRef, module: Module, ctx: RuleContext<MessageId>): Block | undefined {
  for (const block of module.resourcesOfType('aws_ecr_repository')) {
    for (const instance of ctx.instances(block)) {
      const name = ctx.attributeValue(instance, 'name');
      const candidate: RepositoryRef = {
        block,
        ...(instance.instance ? { instanceKey: instance.instance.key } : {}),
        ...(name.known && asString(name.value) !== undefined ? { name: asString(name.value)! } : {}),
      };
      if (sameRepository(reference, candidate)) return instance;
    }
  }
  return undefined;
}

/** MUTABLE, or unset (the default). Anything else, or a value we cannot see, is not reported. */
function hasMutableTags(repository: Block, ctx: RuleContext<MessageId>): boolean {
  if (!getAttribute(repository, 'image_tag_mutability')) return true;
  const value = ctx.attributeValue(repository, 'image_tag_mutability');
  return value.known && asString(value.value) === 'MUTABLE';
}

function report(rule: LifecycleRule, policy: Block, repository: Block, victims: readonly DeployedImage[], ctx: RuleContext<MessageId>): void {
  const mutability = getAttribute(repository, 'image_tag_mutability');
  const related: RelatedLocation[] = [
    {
      at: mutability?.expr ?? repository,
      message: mutability ? 'Tags in this repository can be pushed again.' : 'Tags in this repository are mutable (the default).',
    },
    ...victims.map((image) => ({
      at: image.at,
      message: `${addressOf(image.consumer) ?? 'This task definition'} deploys tag ${image.reference.kind === 'tag' ? image.reference.tag : ''}; ECS keeps launching the digest it had at deploy time.`,
    })),
  ];
  const unique = (items: readonly string[]): string => [...new Set(items)].join(', ');
  ctx.report({
    at: rule.tagStatusAt,
    file: policy.file,
    messageId: 'untaggedExpiry',
    data: {
      removal: describeRemoval(rule, 'untagged image'),
      tags: unique(victims.map((v) => (v.reference.kind === 'tag' ? v.reference.tag : ''))),
      consumers: unique(victims.map((v) => addressOf(v.consumer) ?? '')),
    },
    related,
  });
}
