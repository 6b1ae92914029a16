import rule from '../../rules/aws-dlm-ami-retention-in-use';
import { ruleTester } from '../support/rule-tester';

/** A nightly DLM AMI policy; `retain` is the body of retain_rule (line 20), `extra` goes into the schedule. */
const policy = (retain = 'count = 2', extra = '', details = 'policy_type    = "IMAGE_MANAGEMENT"'): string => `resource "aws_dlm_lifecycle_policy" "golden" {
  description        = "nightly golden AMIs"
  execution_role_arn = "arn:aws:iam::123456789012:role/dlm"

  policy_details {
    ${details}
    resource_types = ["INSTANCE"]
    target_tags = {
      Golden = "true"
    }

    schedule {
      name = "nightly"
      create_rule {
        interval      = 24
        interval_unit = "HOURS"
        times         = ["03:00"]
      }
      retain_rule {
        ${retain}
      }
      tags_to_add = {
        Source = "dlm-golden"
      }${extra}
    }
  }
}
`;

const lookup = (filter = 'name   = "tag:Source"\n    values = ["dlm-golden"]', owners = '["self"]'): string => `
data "aws_ami" "golden" {
  owners      = ${owners}
  most_recent = true

  filter {
    ${filter}
  }
}
`;

const template = (extra = ''): string => `
resource "aws_launch_template" "app" {
  name_prefix   = "app-"
  image_id      = data.aws_ami.golden.id
  instance_type = "t3.micro"${extra}
}
`;

const asg = (launchTemplate: string): string => `
resource "aws_autoscaling_group" "app" {
  min_size            = 2
  max_size            = 6
  vpc_zone_identifier = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]

  launch_template {
    id = aws_launch_template.app.id${launchTemplate}
  }
}
`;

ruleTester(rule, {
  valid: [
    { name: 'age-based retention', code: policy('interval      = 90\n        interval_unit = "DAYS"') + lookup() + template() },
    {
      name: 'a snapshot policy (the default policy type) does not make AMIs',
      code: policy('count = 2', '', 'policy_type    = "EBS_SNAPSHOT_MANAGEMENT"') + lookup() + template(),
    },
    { name: 'the lookup wants another tag value', code: policy() + lookup('name   = "tag:Source"\n    values = ["packer-golden"]') + template() },
    { name: 'the lookup filters on a tag DLM does not add', code: policy() + lookup('name   = "tag:Team"\n    values = ["core"]') + template() },
    { name: "the lookup only searches Amazon's images", code: policy() + lookup(undefined, '["amazon"]') + template() },
    {
      name: 'a disabled policy',
      code:
        policy().replace(
          'execution_role_arn = "arn:aws:iam::123456789012:role/dlm"',
          'execution_role_arn = "arn:aws:iam::123456789012:role/dlm"\n  state              = "DISABLED"',
        ) +
        lookup() +
        template(),
    },
    {
      name: 'a plain instance keeps running when its AMI is deregistered',
      code: policy() + lookup() + '\nresource "aws_instance" "bastion" {\n  ami           = data.aws_ami.golden.id\n  instance_type = "t3.micro"\n}\n',
    },
    {
      name: 'filter values from a variable without a value stay silent',
      code: policy() + lookup('name   = "tag:Source"\n    values = var.ami_sources') + template(),
      files: { 'variables.tf': 'variable "ami_sources" {\n  type = list(string)\n}\n' },
    },
    { name: 'a literal AMI ID is not a lookup', code: policy() + template().replace('data.aws_ami.golden.id', '"ami-0abcdef1234567890"') },
    {
      name: 'tags_to_add from a variable without a value stay silent',
      code: policy().replace('tags_to_add = {\n        Source = "dlm-golden"\n      }', 'tags_to_add = var.ami_tags') + lookup() + template(),
      files: { 'variables.tf': 'variable "ami_tags" {\n  type = map(string)\n}\n' },
    },
  ],
  invalid: [
    {
      name: 'keep the last 2 golden AMIs while the launch template looks them up',
      code: policy() + lookup() + template(),
      errors: [
        {
          messageId: 'countRetention',
          severity: 'warning',
          line: 20,
          column: 17,
          endLine: 20,
          endColumn: 18,
          data: { count: '2', consumers: 'aws_launch_template.app' },
        },
      ],
    },
    {
      name: 'a wildcard filter value matches',
      code: policy() + lookup('name   = "tag:Source"\n    values = ["dlm-*"]') + template(),
      errors: [{ messageId: 'countRetention', line: 20, column: 17, endLine: 20, endColumn: 18 }],
    },
    {
      name: 'the lookup uses tags, the template reads the ID through a local, in separate files',
      files: {
        'dlm.tf': policy(),
        'ami.tf':
          'data "aws_ami" "golden" {\n  owners      = ["123456789012"]\n  most_recent = true\n  tags = {\n    Source = "dlm-golden"\n  }\n}\n\nlocals {\n  golden_ami = data.aws_ami.golden.id\n}\n',
        'app.tf': 'resource "aws_launch_configuration" "app" {\n  image_id      = local.golden_ami\n  instance_type = "t3.micro"\n}\n',
      },
      errors: [
        {
          messageId: 'countRetention',
          file: 'dlm.tf',
          line: 20,
          column: 17,
          endLine: 20,
          endColumn: 18,
          data: { consumers: 'aws_launch_configuration.app', count: '2' },
        },
      ],
    },
    {
      name: 'copy_tags puts the targeted instance tags on the AMI',
      code: policy('count = 2', '\n      copy_tags = true') + lookup('name   = "tag:Golden"\n    values = ["true"]') + template(),
      errors: [{ messageId: 'countRetention', line: 20, column: 17, endLine: 20, endColumn: 18 }],
    },
    {
      name: 'the count comes from terraform.tfvars',
      code: policy('count = var.keep') + lookup() + template(),
      files: { 'variables.tf': 'variable "keep" {\n  type    = number\n  default = 30\n}\n', 'terraform.tfvars': 'keep = 3\n' },
      errors: [{ messageId: 'countRetention', line: 20, column: 17, endLine: 20, endColumn: 25, data: { count: '3', consumers: 'aws_launch_template.app' } }],
    },
    {
      name: 'a count from a variable without a value is still count-based',
      code: policy('count = var.keep') + lookup() + template(),
      files: { 'variables.tf': 'variable "keep" {\n  type = number\n}\n' },
      errors: [
        {
          messageId: 'countRetention',
          severity: 'warning',
          line: 20,
          column: 17,
          endLine: 20,
          endColumn: 25,
          data: { count: 'few', consumers: 'aws_launch_template.app' },
        },
      ],
    },
    {
      name: 'an Auto Scaling group pinned to version 3',
      code: policy() + lookup() + template() + asg('\n    version = "3"'),
      errors: [
        { messageId: 'countRetentionPinned', line: 20, column: 17, endLine: 20, endColumn: 18, data: { groups: 'aws_autoscaling_group.app', count: '2' } },
      ],
    },
    {
      name: 'an Auto Scaling group on $Default while the template never moves its default',
      code: policy() + lookup() + template() + asg(''),
      errors: [{ messageId: 'countRetentionPinned', line: 20, column: 17, endLine: 20, endColumn: 18 }],
    },
    {
      name: 'an Auto Scaling group on $Latest only follows new versions: the plain warning',
      code: policy() + lookup() + template('\n  update_default_version = true') + asg('\n    version = "$Latest"'),
      errors: [{ messageId: 'countRetention', line: 20, column: 17, endLine: 20, endColumn: 18 }],
    },
    {
      name: 'launch templates under for_each and a dynamic schedule',
      code: `resource "aws_dlm_lifecycle_policy" "golden" {
  description        = "nightly golden AMIs"
  execution_role_arn = "arn:aws:iam::123456789012:role/dlm"

  policy_details {
    policy_type    = "IMAGE_MANAGEMENT"
    resource_types = ["INSTANCE"]
    target_tags = {
      Golden = "true"
    }

    dynamic "schedule" {
      for_each = { nightly = 5 }
      content {
        name = schedule.key
        create_rule {
          interval = 24
        }
        retain_rule {
          count = schedule.value
        }
        tags_to_add = {
          Source = "dlm-golden"
        }
      }
    }
  }
}
${lookup()}
resource "aws_launch_template" "app" {
  for_each    = toset(["web", "worker"])
  name_prefix = "\${each.key}-"
  image_id    = data.aws_ami.golden.id
}
`,
      errors: [{ messageId: 'countRetention', line: 20, column: 19, endLine: 20, endColumn: 33, data: { count: '5', consumers: 'aws_launch_template.app' } }],
    },
  ],
});
