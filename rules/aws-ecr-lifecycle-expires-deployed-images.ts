// ECR-001. A "keep the last N images" (or "older than N days") ECR lifecycle rule selects by tag, count and
// age only; it cannot see that a task definition still runs one of those images. The October 2025 us-east-1
// outage began with exactly that kind of clean-up deleting something still in use. Here the failure waits
// for the next task launch, scale-out or rollback.
import { addressOf, defineRule, type RelatedLocation } from './api';
import { deployedImages, sameRepository, type DeployedImage } from './support/ecr-images';
import { describeRemoval, isBlindRemoval, lifecyclePolicies, selectsTag, type LifecycleRule } from './support/ecr-lifecycle';

type MessageId = 'expiresDeployedTag' | 'mayExpireDeployedImage';

export default defineRule<MessageId>({
  meta: {
    id: 'aws-ecr-lifecycle-expires-deployed-images',
    title: 'Keep deployed images out of count- and age-based ECR clean-up',
    description:
      'An ECR lifecycle rule that expires or archives images by count or push age also removes images that task definitions or functions still run, so the next launch, scale-out or rollback cannot pull them.',
    category: 'availability',
    severity: 'warning',
    recommended: true,
    appliesTo: [
      { block: 'resource', labels: ['aws_ecr_lifecycle_policy', 'aws_ecs_task_definition', 'aws_batch_job_definition', 'aws_lambda_function'] },
      { block: 'data', labels: ['aws_ecr_lifecycle_policy_document'] },
    ],
    fixable: 'none',
    messages: {
      expiresDeployedTag:
        'This lifecycle rule {removal}, and its selection includes tag {tags}, which {consumers} still deploys: once newer images are pushed, the next launch, scale-out or rollback cannot pull it. Use countType sinceImagePulled, or keep deployed tags out of this rule.',
      mayExpireDeployedImage:
        'This lifecycle rule {removal}, and {consumers} deploys from this repository with a tag or digest that cannot be read here, so it may remove an image that is still running. Use countType sinceImagePulled, or make sure deployed images are never selected.',
    },
    incident: 'AWS us-east-1, October 2025: a keep-last-N clean-up deleted what was in use',
    reads: [
      'aws_ecr_lifecycle_policy.repository',
      'aws_ecr_lifecycle_policy.policy',
      'data.aws_ecr_lifecycle_policy_document.rule.priority',
      'data.aws_ecr_lifecycle_policy_document.rule.selection.tag_status',
      'data.aws_ecr_lifecycle_policy_document.rule.selection.tag_prefix_list',
      'data.aws_ecr_lifecycle_policy_document.rule.selection.tag_pattern_list',
      'data.aws_ecr_lifecycle_policy_document.rule.selection.count_type',
      'data.aws_ecr_lifecycle_policy_document.rule.selection.count_number',
      'data.aws_ecr_lifecycle_policy_document.rule.selection.count_unit',
      'data.aws_ecr_lifecycle_policy_document.rule.action.type',
      'aws_ecr_repository.name',
      'data.aws_ecr_repository.name',
      'aws_ecs_task_definition.container_definitions',
      'aws_batch_job_definition.container_properties',
      'aws_lambda_function.image_uri',
    ],
    since: '0.1.0',
  },

  checkModule(module, ctx) {
    const images = deployedImages(module, ctx);
    if (images.length === 0) return;
    for (const policy of lifecyclePolicies(module, ctx)) {
      const deployed = images.filter((image) => sameRepository(policy.repository, image.repository));
      const endangered = new Map<LifecycleRule, DeployedImage[]>();
      const unreadable: DeployedImage[] = [];
      for (const image of deployed) {
        if (image.reference.kind !== 'tag') {
          unreadable.push(image);
          continue;
        }
        const rule = decidingRule(policy.rules, image.reference.tag);
        if (rule && isBlindRemoval(rule)) endangered.set(rule, [...(endangered.get(rule) ?? []), image]);
      }
      for (const [rule, victims] of endangered) {
        ctx.report({
          at: rule.countTypeAt,
          file: policy.block.file,
          messageId: 'expiresDeployedTag',
          data: {
            removal: describeRemoval(rule, 'image'),
            tags: list(victims.map((v) => (v.reference.kind === 'tag' ? v.reference.tag : ''))),
            consumers: consumers(victims),
          },
          related: victims.map(relatedImage),
        });
      }
      if (endangered.size > 0 || unreadable.length === 0) continue;
      // The first rule that may select any deployed image by count or age: at most one note per policy.
      const rule = policy.rules.find((r) => (r.tagStatus === 'any' || r.tagStatus === 'tagged') && isBlindRemoval(r));
      if (!rule) continue;
      ctx.report({
        at: rule.countTypeAt,
        file: policy.block.file,
        messageId: 'mayExpireDeployedImage',
        severity: 'info',
        data: { removal: describeRemoval(rule, 'image'), consumers: consumers(unreadable) },
        related: unreadable.map(relatedImage),
      });
    }
  },
});

/**
 * The rule that decides an image's fate: ECR gives each image to the highest-priority rule that selects it.
 * Undefined when a rule before it has a selection we cannot read, or when no rule selects it.
 */
function decidingRule(rules: readonly LifecycleRule[], tag: string): LifecycleRule | undefined {
  for (const rule of rules) {
    const selects = selectsTag(rule, tag);
    if (selects === undefined) return undefined;
    if (selects) return rule;
  }
  return undefined;
}

function relatedImage(image: DeployedImage): RelatedLocation {
  const what =
    image.reference.kind === 'tag'
      ? `tag ${image.reference.tag}`
      : image.reference.kind === 'digest'
        ? 'an image pinned by digest'
        : 'an image whose tag is not known here';
  return { at: image.at, message: `${addressOf(image.consumer) ?? 'This workload'} deploys ${what} from this repository.` };
}

function consumers(images: readonly DeployedImage[]): string {
  return list(images.map((i) => addressOf(i.consumer) ?? ''));
}

function list(items: readonly string[]): string {
  return [...new Set(items)].join(', ');
}
