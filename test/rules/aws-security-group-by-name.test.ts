import rule from '../../rules/aws-security-group-by-name';
import { ruleTester } from '../support/rule-tester';

/** A VPC with two subnets and two groups, in its own file; the cases refer to it. */
const NETWORK = `resource "aws_vpc" "main" {
  cidr_block = "10.20.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.20.1.0/24"
  availability_zone = "eu-west-1a"
}

resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.20.2.0/24"
  availability_zone = "eu-west-1b"
}

resource "aws_security_group" "web" {
  name   = "web"
  vpc_id = aws_vpc.main.id
}

resource "aws_security_group" "ssh" {
  name   = "internal-ssh"
  vpc_id = aws_vpc.main.id
}
`;

const template = (groups: string, extra = ''): string => `resource "aws_launch_template" "api" {
  name_prefix   = "api-"
  instance_type = "c6i.large"
  ${groups}
${extra}}
`;

const GROUP_IN_SUBNETS = `
resource "aws_autoscaling_group" "api" {
  min_size            = 2
  max_size            = 6
  vpc_zone_identifier = [aws_subnet.a.id, aws_subnet.b.id]

  launch_template {
    id      = aws_launch_template.api.id
    version = aws_launch_template.api.latest_version
  }
}
`;

const instance = (lines: string): string => `resource "aws_instance" "bastion" {
  ami           = "ami-0c7d9e4f2a81b3365"
  instance_type = "t3.micro"
${lines}
}
`;

ruleTester(rule, {
  valid: [
    {
      name: 'group IDs from resources in vpc_security_group_ids',
      code: template('vpc_security_group_ids = [aws_security_group.web.id, aws_security_group.ssh.id]') + GROUP_IN_SUBNETS,
      files: { 'network.tf': NETWORK },
    },
    { name: 'literal group IDs', code: template('vpc_security_group_ids = ["sg-0a1b2c3d4e5f60718", "sg-1f2e3d4c"]') },
    {
      name: 'group IDs in the name argument of an instance are left alone',
      code: instance('  subnet_id       = aws_subnet.a.id\n  security_groups = [aws_security_group.web.id]'),
      files: { 'network.tf': NETWORK },
    },
    {
      name: 'names from a variable without a default are unknown',
      code: template('security_group_names = var.group_names') + GROUP_IN_SUBNETS,
      files: { 'network.tf': NETWORK, 'variables.tf': 'variable "group_names" {\n  type = list(string)\n}\n' },
    },
    { name: 'an empty list of names', code: template('security_group_names = []') + GROUP_IN_SUBNETS, files: { 'network.tf': NETWORK } },
    {
      name: 'IDs from a module output are unknown',
      code: template('vpc_security_group_ids = module.sg.ids') + '\nmodule "sg" {\n  source = "./sg"\n}\n',
    },
    {
      name: 'a launch configuration with group IDs',
      code: 'resource "aws_launch_configuration" "old" {\n  image_id        = "ami-0c7d9e4f2a81b3365"\n  instance_type   = "t3.micro"\n  security_groups = [aws_security_group.web.id, "sg-0a1b2c3d"]\n}\n',
      files: { 'network.tf': NETWORK },
    },
    {
      name: 'IDs inside the network interfaces of a launch template',
      code: template('', '  network_interfaces {\n    subnet_id       = aws_subnet.a.id\n    security_groups = [aws_security_group.web.id]\n  }\n'),
      files: { 'network.tf': NETWORK },
    },
  ],
  invalid: [
    {
      name: 'a template with group names used by an autoscaling group in VPC subnets',
      code: template('security_group_names = ["web", "internal-ssh"]') + GROUP_IN_SUBNETS,
      files: { 'network.tf': NETWORK },
      errors: [
        {
          messageId: 'namesInVpc',
          severity: 'error',
          data: { names: '"web", "internal-ssh"', context: 'aws_autoscaling_group.api launches it into VPC subnets' },
          line: 4,
          column: 26,
          endLine: 4,
          endColumn: 49,
          suggestions: [
            {
              messageId: 'useIds',
              output: template('vpc_security_group_ids = [aws_security_group.web.id, aws_security_group.ssh.id]') + GROUP_IN_SUBNETS,
            },
          ],
        },
      ],
    },
    {
      name: 'names from a variable default in another file, no suggestion',
      code: template('security_group_names = var.group_names') + GROUP_IN_SUBNETS,
      files: {
        'network.tf': NETWORK,
        'variables.tf': 'variable "group_names" {\n  type    = list(string)\n  default = ["uploader-workers"]\n}\n',
      },
      errors: [
        {
          messageId: 'namesInVpc',
          severity: 'error',
          data: { names: '"uploader-workers"', context: 'aws_autoscaling_group.api launches it into VPC subnets' },
          line: 4,
          column: 26,
          endLine: 4,
          endColumn: 41,
        },
      ],
    },
    {
      name: 'terraform.tfvars sets the names',
      code: template('security_group_names = var.group_names') + GROUP_IN_SUBNETS,
      files: {
        'network.tf': NETWORK,
        'variables.tf': 'variable "group_names" {\n  type = list(string)\n}\n',
        'terraform.tfvars': 'group_names = ["encoder"]\n',
      },
      errors: [{ messageId: 'namesInVpc', severity: 'error', line: 4, column: 26, endLine: 4, endColumn: 41 }],
    },
    {
      name: 'an instance in a subnet names its group through the group resource',
      code: instance('  subnet_id       = aws_subnet.a.id\n  security_groups = [aws_security_group.web.name]'),
      files: { 'network.tf': NETWORK },
      errors: [
        {
          messageId: 'namesInVpc',
          severity: 'error',
          data: { names: 'aws_security_group.web.name', context: 'subnet_id places it in a VPC subnet' },
          line: 5,
          column: 21,
          endLine: 5,
          endColumn: 50,
          suggestions: [
            {
              messageId: 'useIds',
              output: instance('  subnet_id       = aws_subnet.a.id\n  vpc_security_group_ids = [aws_security_group.web.id]'),
            },
          ],
        },
      ],
    },
    {
      name: 'an instance without a subnet is a warning (names work only in a default VPC)',
      code: instance('  security_groups = ["web"]'),
      files: { 'network.tf': NETWORK },
      errors: [
        {
          messageId: 'namesOutsideVpc',
          severity: 'warning',
          line: 4,
          column: 21,
          endLine: 4,
          endColumn: 28,
          suggestions: [{ messageId: 'useIds', output: instance('  vpc_security_group_ids = [aws_security_group.web.id]') }],
        },
      ],
    },
    {
      name: 'an unknown subnet stays below error',
      code: instance('  subnet_id       = var.subnet_id\n  security_groups = ["legacy-app"]'),
      files: { 'variables.tf': 'variable "subnet_id" {\n  type = string\n}\n' },
      errors: [{ messageId: 'namesOutsideVpc', severity: 'warning', line: 5, column: 21, endLine: 5, endColumn: 35 }],
    },
    {
      name: 'a group whose subnets are unknown stays below error',
      code:
        template('security_group_names = ["legacy-app"]') +
        '\nresource "aws_autoscaling_group" "api" {\n  min_size            = 2\n  max_size            = 6\n  vpc_zone_identifier = var.subnet_ids\n\n  launch_template {\n    id = aws_launch_template.api.id\n  }\n}\n',
      files: { 'variables.tf': 'variable "subnet_ids" {\n  type = list(string)\n}\n' },
      errors: [{ messageId: 'namesOutsideVpc', severity: 'warning', line: 4, column: 26, endLine: 4, endColumn: 40 }],
    },
    {
      name: 'a group placed by availability zones (default VPC) is a warning',
      code:
        template('security_group_names = ["legacy-app"]') +
        '\nresource "aws_autoscaling_group" "api" {\n  min_size           = 2\n  max_size           = 6\n  availability_zones = ["eu-west-1a", "eu-west-1b"]\n\n  launch_template {\n    id = aws_launch_template.api.id\n  }\n}\n',
      errors: [{ messageId: 'namesOutsideVpc', severity: 'warning', line: 4, column: 26, endLine: 4, endColumn: 40 }],
    },
    {
      name: 'names next to network interfaces, no suggestion',
      code: template('security_group_names = ["web"]', '\n  network_interfaces {\n    subnet_id = aws_subnet.a.id\n  }\n'),
      files: { 'network.tf': NETWORK },
      errors: [
        {
          messageId: 'namesInVpc',
          data: { context: 'it attaches network interfaces (network_interfaces)', names: '"web"' },
          severity: 'error',
          line: 4,
          column: 26,
          endLine: 4,
          endColumn: 33,
        },
      ],
    },
    {
      name: 'a spot request with a literal subnet',
      code: 'resource "aws_spot_instance_request" "batch" {\n  ami             = "ami-0c7d9e4f2a81b3365"\n  instance_type   = "c6i.large"\n  subnet_id       = "subnet-0a1b2c3d4e5f60718"\n  security_groups = ["batch"]\n}\n',
      errors: [{ messageId: 'namesInVpc', severity: 'error', line: 5, column: 21, endLine: 5, endColumn: 30 }],
    },
    {
      name: 'an EKS node group launching the template',
      code:
        template('security_group_names = ["nodes"]') +
        `
resource "aws_eks_node_group" "workers" {
  cluster_name  = "platform"
  node_role_arn = "arn:aws:iam::123456789012:role/eks-nodes"
  subnet_ids    = [aws_subnet.a.id, aws_subnet.b.id]

  scaling_config {
    desired_size = 2
    max_size     = 4
    min_size     = 2
  }

  launch_template {
    id      = aws_launch_template.api.id
    version = aws_launch_template.api.latest_version
  }
}
`,
      files: { 'network.tf': NETWORK },
      errors: [
        {
          messageId: 'namesInVpc',
          data: { context: 'aws_eks_node_group.workers launches it into VPC subnets', names: '"nodes"' },
          line: 4,
          column: 26,
          endLine: 4,
          endColumn: 35,
        },
      ],
    },
    {
      name: 'a name in vpc_security_group_ids, replaced by the declared group',
      code: template('vpc_security_group_ids = [aws_security_group.ssh.id, "web"]'),
      files: { 'network.tf': NETWORK },
      errors: [
        {
          messageId: 'nameAsId',
          severity: 'error',
          data: { name: '"web"' },
          line: 4,
          column: 56,
          endLine: 4,
          endColumn: 61,
          suggestions: [{ messageId: 'useId', output: template('vpc_security_group_ids = [aws_security_group.ssh.id, aws_security_group.web.id]') }],
        },
      ],
    },
    {
      name: 'the .name of a counted group where an ID is expected',
      code: template('vpc_security_group_ids = [aws_security_group.app[0].name]'),
      files: { 'groups.tf': 'resource "aws_security_group" "app" {\n  count = 1\n  name  = "app"\n}\n' },
      errors: [
        {
          messageId: 'nameAsId',
          line: 4,
          column: 29,
          endLine: 4,
          endColumn: 59,
          suggestions: [{ messageId: 'useId', output: template('vpc_security_group_ids = [aws_security_group.app[0].id]') }],
        },
      ],
    },
    {
      name: 'a name without a declared group gets no suggestion',
      code: template('vpc_security_group_ids = ["payments-api"]'),
      errors: [{ messageId: 'nameAsId', data: { name: '"payments-api"' }, line: 4, column: 29, endLine: 4, endColumn: 43 }],
    },
    {
      name: 'a name in a local list of IDs is reported where the local is used',
      code: template('vpc_security_group_ids = local.api_groups'),
      files: { 'network.tf': NETWORK + '\nlocals {\n  api_groups = [aws_security_group.ssh.id, aws_security_group.web.name]\n}\n' },
      errors: [{ messageId: 'nameAsId', data: { name: 'aws_security_group.web.name' }, line: 4, column: 28, endLine: 4, endColumn: 44 }],
    },
    {
      name: 'names in a launch configuration, from an auto.tfvars file',
      code: 'resource "aws_launch_configuration" "old" {\n  image_id        = "ami-0c7d9e4f2a81b3365"\n  instance_type   = "t3.micro"\n  security_groups = var.groups\n}\n',
      files: {
        'variables.tf': 'variable "groups" {\n  type    = list(string)\n  default = ["sg-0a1b2c3d"]\n}\n',
        'env.auto.tfvars': 'groups = ["sg-0a1b2c3d", "workers"]\n',
      },
      errors: [{ messageId: 'nameAsId', data: { name: '"workers"' }, line: 4, column: 21, endLine: 4, endColumn: 31 }],
    },
    {
      name: 'names in dynamic network interfaces',
      code: template(
        '',
        '  dynamic "network_interfaces" {\n    for_each = ["eth0", "eth1"]\n    content {\n      device_index    = network_interfaces.key\n      security_groups = ["web"]\n    }\n  }\n',
      ),
      files: { 'network.tf': NETWORK },
      errors: [
        {
          messageId: 'nameAsId',
          line: 9,
          column: 26,
          endLine: 9,
          endColumn: 31,
          suggestions: [
            {
              messageId: 'useId',
              output: template(
                '',
                '  dynamic "network_interfaces" {\n    for_each = ["eth0", "eth1"]\n    content {\n      device_index    = network_interfaces.key\n      security_groups = [aws_security_group.web.id]\n    }\n  }\n',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'for_each instances with different names are reported one by one',
      code: `resource "aws_instance" "edge" {
  for_each        = toset(["edge-a", "edge-b"])
  ami             = "ami-0c7d9e4f2a81b3365"
  instance_type   = "t3.micro"
  subnet_id       = aws_subnet.a.id
  security_groups = [each.key]
}
`,
      files: { 'network.tf': NETWORK },
      errors: [
        {
          messageId: 'namesInVpc',
          data: { names: '"edge-a"', context: 'subnet_id places it in a VPC subnet' },
          line: 6,
          column: 21,
          endLine: 6,
          endColumn: 31,
        },
        {
          messageId: 'namesInVpc',
          data: { names: '"edge-b"', context: 'subnet_id places it in a VPC subnet' },
          line: 6,
          column: 21,
          endLine: 6,
          endColumn: 31,
        },
      ],
    },
  ],
});
