import rule from '../../rules/aws-autoscaling-unpinned-launch-template';
import { ruleTester } from '../support/rule-tester';

const TEMPLATE = `resource "aws_launch_template" "encoder" {
  name_prefix   = "encoder-"
  image_id      = "ami-0c7d9e4f2a81b3365"
  instance_type = "c6i.xlarge"
}
`;

const group = (templateBody: string, rest = ''): string => `resource "aws_autoscaling_group" "encoder" {
  min_size            = 2
  max_size            = 20
  vpc_zone_identifier = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]

  launch_template {
${templateBody}
  }
${rest}}
`;

const ID = '    id      = aws_launch_template.encoder.id';
const PINNED = group(`${ID}\n    version = aws_launch_template.encoder.latest_version`);
const GUARDED = `
  instance_refresh {
    strategy = "Rolling"

    preferences {
      auto_rollback = true
    }
  }
`;

const mixed = (spec: string): string => `resource "aws_autoscaling_group" "encoder" {
  min_size            = 2
  max_size            = 20
  vpc_zone_identifier = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]

  mixed_instances_policy {
    launch_template {
      launch_template_specification {
${spec}
      }

      override {
        instance_type = "c6i.xlarge"
      }
    }
  }
}
`;

ruleTester(rule, {
  valid: [
    { name: 'pinned to the latest_version of the template', code: PINNED, files: { 'template.tf': TEMPLATE } },
    {
      name: 'pinned and guarded by an instance refresh',
      code: group(`${ID}\n    version = aws_launch_template.encoder.latest_version`, GUARDED),
      files: { 'template.tf': TEMPLATE },
    },
    { name: 'a literal version number', code: group(`${ID}\n    version = "7"`), files: { 'template.tf': TEMPLATE } },
    {
      name: 'a version from a variable without a default',
      code: group(`${ID}\n    version = var.template_version`),
      files: { 'template.tf': TEMPLATE, 'variables.tf': 'variable "template_version" {\n  type = string\n}\n' },
    },
    {
      name: 'a module that picks latest_version unless a version is passed',
      code: group(`${ID}\n    version = local.template_version`),
      files: {
        'template.tf': TEMPLATE,
        'locals.tf':
          'variable "template_version" {\n  type    = string\n  default = null\n}\n\nlocals {\n  template_version = var.template_version == null ? aws_launch_template.encoder.latest_version : var.template_version\n}\n',
      },
    },
    {
      name: 'a launch configuration has no versions',
      code: 'resource "aws_autoscaling_group" "old" {\n  min_size             = 2\n  max_size             = 4\n  launch_configuration = "old-lc"\n  availability_zones   = ["eu-west-1a", "eu-west-1b"]\n}\n',
    },
    {
      name: 'a pinned mixed instances policy',
      code: mixed('        launch_template_id = aws_launch_template.encoder.id\n        version            = aws_launch_template.encoder.latest_version'),
      files: { 'template.tf': TEMPLATE },
    },
  ],
  invalid: [
    {
      name: '$Latest with no instance refresh',
      code: group(`${ID}\n    version = "$Latest"`),
      files: { 'template.tf': TEMPLATE },
      errors: [
        {
          messageId: 'floatingVersion',
          severity: 'warning',
          data: { version: '"$Latest"' },
          line: 8,
          column: 15,
          endLine: 8,
          endColumn: 24,
          suggestions: [
            { messageId: 'pinAndRefresh', output: group(`${ID}\n    version = aws_launch_template.encoder.latest_version`, GUARDED) },
            { messageId: 'pinVersion', output: PINNED },
          ],
        },
      ],
    },
    {
      name: 'no version at all means $Default: the block header is underlined',
      code: group(ID),
      files: { 'template.tf': TEMPLATE },
      errors: [
        {
          messageId: 'floatingVersion',
          data: { version: '$Default (version is not set)' },
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 18,
          suggestions: [
            { messageId: 'pinAndRefresh', output: group(`${ID}\n    version = aws_launch_template.encoder.latest_version`, GUARDED) },
            { messageId: 'pinVersion', output: PINNED },
          ],
        },
      ],
    },
    {
      name: '$Default with an instance refresh that does not roll back',
      code: group(`${ID}\n    version = "$Default"`, '\n  instance_refresh {\n    strategy = "Rolling"\n  }\n'),
      files: { 'template.tf': TEMPLATE },
      errors: [
        {
          messageId: 'floatingVersionNoRollback',
          data: { version: '"$Default"' },
          line: 8,
          column: 15,
          endLine: 8,
          endColumn: 25,
          suggestions: [
            { messageId: 'pinAndRefresh', output: group(`${ID}\n    version = aws_launch_template.encoder.latest_version`, GUARDED) },
            {
              messageId: 'pinVersion',
              output: group(`${ID}\n    version = aws_launch_template.encoder.latest_version`, '\n  instance_refresh {\n    strategy = "Rolling"\n  }\n'),
            },
          ],
        },
      ],
    },
    {
      name: '$Latest with auto_rollback, which cannot work on a floating version',
      code: group(`${ID}\n    version = "$Latest"`, GUARDED),
      files: { 'template.tf': TEMPLATE },
      errors: [
        {
          messageId: 'floatingVersionRollbackUnsupported',
          line: 8,
          column: 15,
          endLine: 8,
          endColumn: 24,
          suggestions: [{ messageId: 'pinVersion', output: group(`${ID}\n    version = aws_launch_template.encoder.latest_version`, GUARDED) }],
        },
      ],
    },
    {
      name: 'the version from a variable default in another file',
      code: group(`${ID}\n    version = var.template_version`),
      files: { 'template.tf': TEMPLATE, 'variables.tf': 'variable "template_version" {\n  type    = string\n  default = "$Latest"\n}\n' },
      errors: [
        {
          messageId: 'floatingVersion',
          line: 8,
          column: 15,
          endLine: 8,
          endColumn: 35,
          suggestions: [
            { messageId: 'pinAndRefresh', output: group(`${ID}\n    version = aws_launch_template.encoder.latest_version`, GUARDED) },
            { messageId: 'pinVersion', output: PINNED },
          ],
        },
      ],
    },
    {
      name: 'the version set in an auto.tfvars file',
      code: group(`${ID}\n    version = var.template_version`),
      files: {
        'template.tf': TEMPLATE,
        'variables.tf': 'variable "template_version" {\n  type = string\n}\n',
        'prod.auto.tfvars': 'template_version = "$Default"\n',
      },
      errors: [
        {
          messageId: 'floatingVersion',
          data: { version: '"$Default"' },
          line: 8,
          column: 15,
          endLine: 8,
          endColumn: 35,
          suggestions: [
            { messageId: 'pinAndRefresh', output: group(`${ID}\n    version = aws_launch_template.encoder.latest_version`, GUARDED) },
            { messageId: 'pinVersion', output: PINNED },
          ],
        },
      ],
    },
    {
      name: 'a template that is not declared here: no suggestion',
      code: group('    name    = "shared-encoder"\n    version = "$Latest"'),
      errors: [{ messageId: 'floatingVersion', line: 8, column: 15, endLine: 8, endColumn: 24 }],
    },
    {
      name: 'a template whose image is an SSM parameter cannot roll back: pin only',
      code: group(`${ID}\n    version = "$Latest"`),
      files: { 'template.tf': TEMPLATE.replace('"ami-0c7d9e4f2a81b3365"', '"resolve:ssm:/golden/encoder"') },
      errors: [{ messageId: 'floatingVersion', line: 8, column: 15, endLine: 8, endColumn: 24, suggestions: [{ messageId: 'pinVersion', output: PINNED }] }],
    },
    {
      name: 'a mixed instances policy on $Latest',
      code: mixed('        launch_template_id = aws_launch_template.encoder.id\n        version            = "$Latest"'),
      files: { 'template.tf': TEMPLATE },
      errors: [
        {
          messageId: 'floatingVersion',
          line: 10,
          column: 30,
          endLine: 10,
          endColumn: 39,
          suggestions: [
            {
              messageId: 'pinAndRefresh',
              output:
                mixed(
                  '        launch_template_id = aws_launch_template.encoder.id\n        version            = aws_launch_template.encoder.latest_version',
                ).replace(/\}\n$/, '') +
                GUARDED +
                '}\n',
            },
            {
              messageId: 'pinVersion',
              output: mixed(
                '        launch_template_id = aws_launch_template.encoder.id\n        version            = aws_launch_template.encoder.latest_version',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'count copies of a template and a group',
      code: `resource "aws_autoscaling_group" "encoder" {
  count               = 2
  min_size            = 2
  max_size            = 20
  vpc_zone_identifier = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]

  launch_template {
    id      = aws_launch_template.encoder[count.index].id
    version = "$Latest"
  }
}
`,
      files: {
        'template.tf':
          'resource "aws_launch_template" "encoder" {\n  count         = 2\n  name_prefix   = "encoder-${count.index}-"\n  image_id      = "ami-0c7d9e4f2a81b3365"\n  instance_type = "c6i.xlarge"\n}\n',
      },
      errors: [
        {
          messageId: 'floatingVersion',
          line: 9,
          column: 15,
          endLine: 9,
          endColumn: 24,
          suggestions: [
            {
              messageId: 'pinAndRefresh',
              output: `resource "aws_autoscaling_group" "encoder" {
  count               = 2
  min_size            = 2
  max_size            = 20
  vpc_zone_identifier = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]

  launch_template {
    id      = aws_launch_template.encoder[count.index].id
    version = aws_launch_template.encoder[count.index].latest_version
  }
${GUARDED}}
`,
            },
            {
              messageId: 'pinVersion',
              output: `resource "aws_autoscaling_group" "encoder" {
  count               = 2
  min_size            = 2
  max_size            = 20
  vpc_zone_identifier = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]

  launch_template {
    id      = aws_launch_template.encoder[count.index].id
    version = aws_launch_template.encoder[count.index].latest_version
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'an optional dynamic instance_refresh that is off: pin only',
      code: group(
        `${ID}\n    version = "$Latest"`,
        '\n  dynamic "instance_refresh" {\n    for_each = var.refresh != null ? [var.refresh] : []\n    content {\n      strategy = instance_refresh.value\n    }\n  }\n',
      ),
      files: { 'template.tf': TEMPLATE, 'variables.tf': 'variable "refresh" {\n  type    = string\n  default = null\n}\n' },
      errors: [
        {
          messageId: 'floatingVersion',
          line: 8,
          column: 15,
          endLine: 8,
          endColumn: 24,
          suggestions: [
            {
              messageId: 'pinVersion',
              output: group(
                `${ID}\n    version = aws_launch_template.encoder.latest_version`,
                '\n  dynamic "instance_refresh" {\n    for_each = var.refresh != null ? [var.refresh] : []\n    content {\n      strategy = instance_refresh.value\n    }\n  }\n',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'an instance refresh that may or may not exist: the message that holds either way, pin only',
      code: group(
        `${ID}\n    version = "$Latest"`,
        '\n  dynamic "instance_refresh" {\n    for_each = var.refresh\n    content {\n      strategy = instance_refresh.value\n    }\n  }\n',
      ),
      files: { 'template.tf': TEMPLATE, 'variables.tf': 'variable "refresh" {\n  type = list(string)\n}\n' },
      errors: [
        {
          messageId: 'floatingVersionRollbackUnsupported',
          line: 8,
          column: 15,
          endLine: 8,
          endColumn: 24,
          suggestions: [
            {
              messageId: 'pinVersion',
              output: group(
                `${ID}\n    version = aws_launch_template.encoder.latest_version`,
                '\n  dynamic "instance_refresh" {\n    for_each = var.refresh\n    content {\n      strategy = instance_refresh.value\n    }\n  }\n',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'a dynamic launch_template block is reported without a suggestion',
      code: `resource "aws_autoscaling_group" "encoder" {
  min_size            = 2
  max_size            = 20
  vpc_zone_identifier = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]

  dynamic "launch_template" {
    for_each = [1]
    content {
      id      = aws_launch_template.encoder.id
      version = "$Latest"
    }
  }
}
`,
      files: { 'template.tf': TEMPLATE },
      errors: [{ messageId: 'floatingVersion', line: 10, column: 17, endLine: 10, endColumn: 26 }],
    },
  ],
});
