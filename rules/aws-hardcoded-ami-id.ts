// AMI-001. Transloadit, December 2018: a new environment's settings pointed production at AMI IDs that
// only existed where they were copied from. An AMI ID belongs to one region and one account and can be
// deregistered at any time; nothing checks it at plan, so the break shows up when the next instance launches.
import { asString, defineRule, type Attribute, type Block, type Fixer, type RelatedLocation, type RuleContext } from './api';
import { valueOrigin } from './support/value-origin';

type MessageId = 'hardcoded' | 'hardcodedInTest' | 'lookUp';

/** The attribute that names the image, per resource type. */
const IMAGE_ATTRIBUTE: Readonly<Record<string, string>> = {
  aws_instance: 'ami',
  aws_launch_configuration: 'image_id',
  aws_launch_template: 'image_id',
  aws_spot_instance_request: 'ami',
};

/** Module call arguments that are Terraform's own, not inputs of the module. */
const META_ARGUMENTS = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

const AMI_ID = /^ami-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

/** Hex runs that only appear in made-up IDs: AWS documentation examples and "replace me" defaults. */
const PLACEHOLDER = /0123456|1234567|abcdef|fedcba|abcd1234|1a2b3c4d|deadbeef/;

function isPlaceholder(id: string): boolean {
  const hex = id.slice('ami-'.length);
  return /^(.)\1*$/.test(hex) || PLACEHOLDER.test(hex);
}

/** Directories whose configurations exist to be tested, where a pinned image is deliberate. */
const TEST_DIRECTORY = /^(?:tests?|fixtures?|test-fixtures|testdata|__tests__)$/i;

function isInTestDirectory(file: string): boolean {
  return file
    .split(/[\\/]/)
    .slice(0, -1)
    .some((segment) => TEST_DIRECTORY.test(segment));
}

export default defineRule<MessageId>({
  meta: {
    id: 'aws-hardcoded-ami-id',
    title: 'Look up AMIs instead of hard-coding their IDs',
    description:
      'An AMI ID exists in one region and one account and can be deregistered at any time. A hard-coded ID passes plan everywhere and fails only when an instance launches, typically in the environment it was not copied from.',
    category: 'availability',
    severity: 'warning',
    recommended: true,
    appliesTo: [{ block: 'resource', labels: Object.keys(IMAGE_ATTRIBUTE) }, { block: 'module' }],
    fixable: 'suggestion',
    messages: {
      hardcoded:
        'The AMI {ami} is hard-coded; it exists in one region and account and can be deregistered, so launches fail wherever it is missing. Look it up with a data "aws_ami" source so that plan fails first.',
      hardcodedInTest:
        'The AMI {ami} is hard-coded in a test configuration; the test breaks once the image is deregistered or run in another region. Look it up with a data "aws_ami" source.',
      lookUp: 'Look up {ami} with a data "aws_ami" source, so plan fails where the image does not exist.',
    },
    incident: 'Transloadit, December 2018: environment config pointed at AMIs missing in production',
    reads: ['aws_instance.ami', 'aws_launch_configuration.image_id', 'aws_launch_template.image_id', 'aws_spot_instance_request.ami'],
    since: '0.1.0',
  },

  check(block: Block, ctx) {
    if (block.type === 'module') {
      // A module premortem can read is linted instance by instance, where the ID reaches its instance or
      // launch template; only what goes into a module it cannot see is judged by the argument alone.
      if (ctx.calledModule(block)) return;
      for (const argument of block.body.attributes) if (!META_ARGUMENTS.has(argument.name)) checkImage(block, argument, ctx);
      return;
    }
    const name = IMAGE_ATTRIBUTE[block.labels[0] ?? ''];
    const attribute = name ? block.body.attributes.find((a) => a.name === name) : undefined;
    if (attribute) checkImage(block, attribute, ctx);
  },
});

function checkImage(block: Block, attribute: Attribute, ctx: RuleContext<MessageId>): void {
  const value = ctx.valueOf(attribute.expr, block);
  // An ID a plan supplies was looked up (a data source) or computed, not written down.
  const ami = value.known && !value.fromPlan ? asString(value.value) : undefined;
  if (ami === undefined || !AMI_ID.test(ami) || isPlaceholder(ami)) return;
  const origin = valueOrigin(attribute.expr, ctx.module);
  const related: RelatedLocation[] = origin ? [{ at: origin.at, message: `The AMI ID comes from ${origin.name}, set here.` }] : [];
  const inTest = isInTestDirectory(block.file);
  ctx.report({
    at: attribute.expr,
    messageId: inTest ? 'hardcodedInTest' : 'hardcoded',
    data: { ami },
    ...(inTest ? { severity: 'info' as const } : {}),
    related,
    // A test may pin its image on purpose; the message names the remedy without pushing an edit.
    suggest:
      !inTest && sameForEveryInstance(attribute, ctx)
        ? [{ messageId: 'lookUp', data: { ami }, edits: (fixer: Fixer) => lookUpImage(block, attribute, ctx, fixer) }]
        : [],
  });
}

/** An expression that depends on `count`/`for_each` cannot move into a single data source. */
function sameForEveryInstance(attribute: Attribute, ctx: RuleContext<MessageId>): boolean {
  return ctx.referencesIn(attribute.expr).every((r) => r.kind !== 'each' && r.kind !== 'count' && r.kind !== 'self');
}

/**
 * Adds `data "aws_ami"` filtered on the same ID (a literal, or the same variable) right after the block and
 * points the argument at it: plan then asks EC2 in the target region and account, and fails there.
 */
function lookUpImage(block: Block, attribute: Attribute, ctx: RuleContext<MessageId>, fixer: Fixer): void {
  const name = freeDataSourceName(block.labels[block.type === 'module' ? 0 : 1] ?? 'image', ctx);
  const source = ctx.sourceText(attribute.expr);
  const lookup = [`data "aws_ami" "${name}" {`, `  filter {`, `    name   = "image-id"`, `    values = [${source}]`, `  }`, `}`];
  fixer.insertAfter(block, `\n\n${lookup.join('\n')}`);
  fixer.replace(attribute.expr, `data.aws_ami.${name}.id`);
}

function freeDataSourceName(base: string, ctx: RuleContext<MessageId>): string {
  const taken = (candidate: string) => ctx.module.dataSource('aws_ami', candidate) !== undefined;
  if (!taken(base)) return base;
  for (let i = 2; ; i++) if (!taken(`${base}_${i}`)) return `${base}_${i}`;
}
