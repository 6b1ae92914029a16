import rule from '../../rules/aws-autoscaling-single-instance-or-zone';
import { ruleTester } from '../support/rule-tester';

/** Three subnets: a and b in different zones, c in the same zone as a. */
const SUBNETS = `resource "aws_vpc" "main" {
  cidr_block = "10.30.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.30.1.0/24"
  availability_zone = "eu-west-1a"
}

resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.30.2.0/24"
  availability_zone = "eu-west-1b"
}

resource "aws_subnet" "c" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.30.3.0/24"
  availability_zone = "eu-west-1a"
}
`;

const group = (lines: string, tags = ''): string => `resource "aws_autoscaling_group" "render" {
${lines}

  launch_template {
    id      = "lt-0a1b2c3d4e5f60718"
    version = "4"
  }
${tags}}
`;

const SPREAD = '  min_size            = 2\n  max_size            = 10\n  vpc_zone_identifier = [aws_subnet.a.id, aws_subnet.b.id]';

ruleTester(rule, {
  valid: [
    { name: 'two instances or more, over subnets in two zones', code: group(SPREAD), files: { 'network.tf': SUBNETS } },
    {
      name: 'subnets from a variable without a default are unknown',
      code: group('  min_size            = 2\n  max_size            = 10\n  vpc_zone_identifier = var.subnet_ids'),
      files: { 'variables.tf': 'variable "subnet_ids" {\n  type = list(string)\n}\n' },
    },
    {
      name: 'subnets from a module output are unknown',
      code:
        group('  min_size            = 2\n  max_size            = 10\n  vpc_zone_identifier = module.vpc.private_subnets') +
        '\nmodule "vpc" {\n  source = "./vpc"\n}\n',
    },
    {
      name: 'two subnets whose zones are not known',
      code: group('  min_size            = 2\n  max_size            = 10\n  vpc_zone_identifier = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]'),
    },
    {
      name: 'a subnet whose zone comes from a data source is not guessed',
      code: group('  min_size            = 2\n  max_size            = 10\n  vpc_zone_identifier = [aws_subnet.a.id, aws_subnet.z.id]'),
      files: {
        'network.tf':
          SUBNETS +
          '\ndata "aws_availability_zones" "up" {}\n\nresource "aws_subnet" "z" {\n  vpc_id            = aws_vpc.main.id\n  cidr_block        = "10.30.9.0/24"\n  availability_zone = data.aws_availability_zones.up.names[0]\n}\n',
      },
    },
    {
      name: 'a group switched off with max_size = 0',
      code: group('  min_size            = 0\n  max_size            = 0\n  vpc_zone_identifier = [aws_subnet.a.id, aws_subnet.b.id]'),
      files: { 'network.tf': SUBNETS },
    },
    {
      name: 'a job runner that starts with no instance: min_size = 0 and desired_capacity = 0',
      code: group('  min_size            = 0\n  desired_capacity    = 0\n  max_size            = 1\n  vpc_zone_identifier = [aws_subnet.a.id]'),
      files: { 'network.tf': SUBNETS },
    },
    {
      name: 'a job runner without desired_capacity starts at min_size = 0',
      code: group('  min_size           = 0\n  max_size           = 1\n  availability_zones = ["eu-west-1a"]'),
    },
    {
      name: 'Terraform 0.11 list expansion of a variable without a default is not one subnet',
      code: group('  min_size            = 2\n  max_size            = 10\n  vpc_zone_identifier = ["${var.subnet_ids}"]'),
      files: { 'variables.tf': 'variable "subnet_ids" {\n  type = "list"\n}\n' },
    },
    {
      name: 'Terraform 0.11 list expansion of a module output is not one subnet',
      code:
        group('  min_size            = 2\n  max_size            = 10\n  vpc_zone_identifier = ["${module.vpc.private_subnets}"]') +
        '\nmodule "vpc" {\n  source = "./vpc"\n}\n',
    },
    {
      name: 'Terraform 0.11 list expansion of a data source list is not one subnet',
      code:
        group('  min_size            = 2\n  max_size            = 10\n  vpc_zone_identifier = ["${data.aws_subnet_ids.private.ids}"]') +
        '\ndata "aws_subnet_ids" "private" {\n  vpc_id = "vpc-0a1b2c3d"\n}\n',
    },
    {
      name: 'Terraform 0.11 list expansion of a known list of two subnets',
      code: group('  min_size            = 2\n  max_size            = 10\n  vpc_zone_identifier = ["${var.subnet_ids}"]'),
      files: { 'variables.tf': 'variable "subnet_ids" {\n  type    = "list"\n  default = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]\n}\n' },
    },
    {
      name: 'Terraform 0.11 references to subnets in two zones',
      code: group('  min_size            = 2\n  max_size            = 10\n  vpc_zone_identifier = ["${aws_subnet.a.id}", "${aws_subnet.b.id}"]'),
      files: { 'network.tf': SUBNETS },
    },
    {
      name: 'max_size from a variable without a default',
      code: group('  min_size            = 1\n  max_size            = var.max\n  vpc_zone_identifier = [aws_subnet.a.id, aws_subnet.b.id]'),
      files: { 'network.tf': SUBNETS, 'variables.tf': 'variable "max" {\n  type = number\n}\n' },
    },
    {
      name: 'two availability zones (default VPC)',
      code: group('  min_size           = 2\n  max_size           = 4\n  availability_zones = ["eu-west-1a", "eu-west-1b"]'),
    },
    {
      name: 'count-based subnets in different zones',
      code: group('  min_size            = 2\n  max_size            = 4\n  vpc_zone_identifier = [aws_subnet.private[0].id, aws_subnet.private[1].id]'),
      files: {
        'network.tf':
          'resource "aws_subnet" "private" {\n  count             = 2\n  vpc_id            = "vpc-0a1b2c3d"\n  cidr_block        = cidrsubnet("10.30.0.0/16", 8, count.index)\n  availability_zone = ["eu-west-1a", "eu-west-1b"][count.index]\n}\n',
      },
    },
  ],
  invalid: [
    {
      name: 'max_size = 1',
      code: group('  min_size            = 1\n  max_size            = 1\n  vpc_zone_identifier = [aws_subnet.a.id, aws_subnet.b.id]'),
      files: { 'network.tf': SUBNETS },
      errors: [{ messageId: 'singleInstance', severity: 'warning', data: { max: 1 }, line: 3, column: 25, endLine: 3, endColumn: 26 }],
    },
    {
      name: 'one subnet',
      code: group('  min_size            = 2\n  max_size            = 8\n  vpc_zone_identifier = [aws_subnet.a.id]'),
      files: { 'network.tf': SUBNETS },
      errors: [{ messageId: 'singleSubnet', severity: 'warning', line: 4, column: 25, endLine: 4, endColumn: 42 }],
    },
    {
      name: 'one instance in one subnet: both findings',
      code: group('  min_size            = 1\n  max_size            = 1\n  vpc_zone_identifier = [aws_subnet.a.id]'),
      files: { 'network.tf': SUBNETS },
      errors: [
        { messageId: 'singleInstance', line: 3, column: 25, endLine: 3, endColumn: 26 },
        { messageId: 'singleSubnet', line: 4, column: 25, endLine: 4, endColumn: 42 },
      ],
    },
    {
      name: 'two subnets in the same zone',
      code: group('  min_size            = 2\n  max_size            = 8\n  vpc_zone_identifier = [aws_subnet.a.id, aws_subnet.c.id]'),
      files: { 'network.tf': SUBNETS },
      errors: [{ messageId: 'singleZone', data: { zone: 'eu-west-1a' }, line: 4, column: 25, endLine: 4, endColumn: 59 }],
    },
    {
      name: 'a single subnet from a variable default',
      code: group('  min_size            = 2\n  max_size            = 8\n  vpc_zone_identifier = var.subnet_ids'),
      files: { 'variables.tf': 'variable "subnet_ids" {\n  type    = list(string)\n  default = ["subnet-0a1b2c3d"]\n}\n' },
      errors: [{ messageId: 'singleSubnet', line: 4, column: 25, endLine: 4, endColumn: 39 }],
    },
    {
      name: 'max_size from terraform.tfvars',
      code: group('  min_size            = 1\n  max_size            = var.max\n  vpc_zone_identifier = [aws_subnet.a.id, aws_subnet.b.id]'),
      files: { 'network.tf': SUBNETS, 'variables.tf': 'variable "max" {\n  type = number\n}\n', 'terraform.tfvars': 'max = 1\n' },
      errors: [{ messageId: 'singleInstance', line: 3, column: 25, endLine: 3, endColumn: 32 }],
    },
    {
      name: 'max_size from a local, as a string',
      code: group('  min_size            = 1\n  max_size            = local.sizes.max\n  vpc_zone_identifier = [aws_subnet.a.id, aws_subnet.b.id]'),
      files: { 'network.tf': SUBNETS, 'locals.tf': 'locals {\n  sizes = { min = "1", max = "1" }\n}\n' },
      errors: [{ messageId: 'singleInstance', line: 3, column: 25, endLine: 3, endColumn: 40 }],
    },
    {
      name: 'the same subnet listed twice',
      code: group('  min_size            = 2\n  max_size            = 8\n  vpc_zone_identifier = [aws_subnet.b.id, aws_subnet.b.id]'),
      files: { 'network.tf': SUBNETS },
      errors: [{ messageId: 'singleSubnet', line: 4, column: 25, endLine: 4, endColumn: 59 }],
    },
    {
      name: 'subnets listed in a local, both in one zone',
      code: group('  min_size            = 2\n  max_size            = 8\n  vpc_zone_identifier = local.app_subnets'),
      files: { 'network.tf': SUBNETS + '\nlocals {\n  app_subnets = [aws_subnet.c.id, aws_subnet.a.id]\n}\n' },
      errors: [{ messageId: 'singleZone', data: { zone: 'eu-west-1a' }, line: 4, column: 25, endLine: 4, endColumn: 42 }],
    },
    {
      name: 'a local holding one subnet whose ID is not known yet',
      code: group('  min_size            = 2\n  max_size            = 8\n  vpc_zone_identifier = local.app_subnets'),
      files: { 'network.tf': SUBNETS + '\nlocals {\n  app_subnets = concat([aws_subnet.b.id], [])\n}\n' },
      errors: [{ messageId: 'singleSubnet', line: 4, column: 25, endLine: 4, endColumn: 42 }],
    },
    {
      name: 'one availability zone (default VPC)',
      code: group('  min_size           = 2\n  max_size           = 4\n  availability_zones = ["eu-west-1c"]'),
      errors: [{ messageId: 'singleAvailabilityZone', data: { zone: 'eu-west-1c' }, line: 4, column: 24, endLine: 4, endColumn: 38 }],
    },
    {
      name: 'a job runner whose desired_capacity is 1 is still a running group',
      code: group(
        '  min_size            = 0\n  desired_capacity    = 1\n  max_size            = 1\n  vpc_zone_identifier = [aws_subnet.a.id, aws_subnet.b.id]',
      ),
      files: { 'network.tf': SUBNETS },
      errors: [{ messageId: 'singleInstance', line: 4, column: 25, endLine: 4, endColumn: 26 }],
    },
    {
      name: 'Terraform 0.11: one subnet written as an interpolated reference',
      code: group('  min_size            = 2\n  max_size            = 8\n  vpc_zone_identifier = ["${aws_subnet.a.id}"]'),
      files: { 'network.tf': SUBNETS },
      errors: [{ messageId: 'singleSubnet', line: 4, column: 25, endLine: 4, endColumn: 47 }],
    },
    {
      name: 'Terraform 0.11: list expansion of a known list of one subnet',
      code: group('  min_size            = 2\n  max_size            = 8\n  vpc_zone_identifier = ["${var.subnet_ids}"]'),
      files: { 'variables.tf': 'variable "subnet_ids" {\n  type    = "list"\n  default = ["subnet-0a1b2c3d"]\n}\n' },
      errors: [{ messageId: 'singleSubnet', line: 4, column: 25, endLine: 4, endColumn: 46 }],
    },
    {
      name: 'Terraform 0.11: interpolated references to two subnets in one zone',
      code: group('  min_size            = 2\n  max_size            = 8\n  vpc_zone_identifier = ["${aws_subnet.a.id}", "${aws_subnet.c.id}"]'),
      files: { 'network.tf': SUBNETS },
      errors: [{ messageId: 'singleZone', data: { zone: 'eu-west-1a' }, line: 4, column: 25, endLine: 4, endColumn: 69 }],
    },
    {
      name: 'a zone built from a variable with a placeholder default is named by its expression, not by "a"',
      code: group('  min_size           = 2\n  max_size           = 4\n  availability_zones = ["${var.aws_region}a"]'),
      files: { 'variables.tf': 'variable "aws_region" {\n  default = ""\n}\n' },
      errors: [{ messageId: 'singleAvailabilityZone', data: { zone: '"${var.aws_region}a"' }, line: 4, column: 24, endLine: 4, endColumn: 46 }],
    },
    {
      name: 'a zone ID is named as written',
      code: group('  min_size           = 2\n  max_size           = 4\n  availability_zones = ["use1-az4"]'),
      errors: [{ messageId: 'singleAvailabilityZone', data: { zone: 'use1-az4' }, line: 4, column: 24, endLine: 4, endColumn: 36 }],
    },
    {
      name: 'count-based subnets that all land in one zone',
      code: group('  min_size            = 2\n  max_size            = 4\n  vpc_zone_identifier = [aws_subnet.private[0].id, aws_subnet.private[1].id]'),
      files: {
        'network.tf':
          'resource "aws_subnet" "private" {\n  count             = 2\n  vpc_id            = "vpc-0a1b2c3d"\n  cidr_block        = cidrsubnet("10.30.0.0/16", 8, count.index)\n  availability_zone = "eu-west-1b"\n}\n',
      },
      errors: [{ messageId: 'singleZone', data: { zone: 'eu-west-1b' }, line: 4, column: 25, endLine: 4, endColumn: 77 }],
    },
    {
      name: 'a staging group is only info',
      code: group(
        '  min_size            = 1\n  max_size            = 1\n  vpc_zone_identifier = [aws_subnet.a.id, aws_subnet.b.id]',
        '\n  tag {\n    key                 = "Environment"\n    value               = var.environment\n    propagate_at_launch = true\n  }\n',
      ),
      files: { 'network.tf': SUBNETS, 'variables.tf': 'variable "environment" {\n  default = "staging"\n}\n' },
      errors: [{ messageId: 'singleInstance', severity: 'info', line: 3, column: 25, endLine: 3, endColumn: 26 }],
    },
    {
      name: 'a batch group tagged through a dynamic block is only info',
      code: group(
        '  min_size            = 1\n  max_size            = 1\n  vpc_zone_identifier = [aws_subnet.a.id, aws_subnet.b.id]',
        '\n  dynamic "tag" {\n    for_each = { Workload = "batch", Team = "render" }\n    content {\n      key                 = tag.key\n      value               = tag.value\n      propagate_at_launch = true\n    }\n  }\n',
      ),
      files: { 'network.tf': SUBNETS },
      errors: [{ messageId: 'singleInstance', severity: 'info', line: 3, column: 25, endLine: 3, endColumn: 26 }],
    },
    {
      name: 'for_each groups: only the one with a single instance',
      code: `resource "aws_autoscaling_group" "pool" {
  for_each            = { web = 6, cron = 1 }
  name                = each.key
  min_size            = 1
  max_size            = each.value
  vpc_zone_identifier = [aws_subnet.a.id, aws_subnet.b.id]

  launch_template {
    id      = "lt-0a1b2c3d4e5f60718"
    version = "4"
  }
}
`,
      files: { 'network.tf': SUBNETS },
      errors: [{ messageId: 'singleInstance', line: 5, column: 25, endLine: 5, endColumn: 35 }],
    },
  ],
});
