import rule from '../../rules/aws-hardcoded-ami-id';
import { ruleTester } from '../support/rule-tester';

const AMI = 'ami-0c7d9e4f2a81b3365';

const template = (image: string): string => `resource "aws_launch_template" "transcoder" {
  name_prefix   = "transcoder-"
  image_id      = ${image}
  instance_type = "c6i.large"
}
`;

const lookup = (name: string, values: string): string => `

data "aws_ami" "${name}" {
  filter {
    name   = "image-id"
    values = [${values}]
  }
}`;

/** The template with its image looked up, as the suggestion writes it. */
const LOOKED_UP = template('data.aws_ami.transcoder.id').trimEnd() + lookup('transcoder', `"${AMI}"`) + '\n';

const AMI_VARIABLE = (defaultLine: string): string => `variable "transcoder_ami" {
  type = string
${defaultLine}}
`;

ruleTester(rule, {
  valid: [
    {
      name: 'the image comes from a data "aws_ami" lookup',
      code: `data "aws_ami" "base" {
  owners      = ["self"]
  most_recent = true
  filter {
    name   = "name"
    values = ["transcoder-*"]
  }
}

${template('data.aws_ami.base.id')}`,
    },
    { name: 'a launch template that resolves an SSM parameter at launch', code: template('"resolve:ssm:/golden/transcoder/ami"') },
    {
      name: 'the image comes from an SSM parameter data source',
      code: `data "aws_ssm_parameter" "ami" {
  name = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"
}

${template('data.aws_ssm_parameter.ami.value')}`,
    },
    {
      name: 'a variable without a default is unknown',
      code: template('var.transcoder_ami'),
      files: { 'variables.tf': AMI_VARIABLE('') },
    },
    {
      name: 'a placeholder default from the AWS documentation',
      code: template('var.transcoder_ami'),
      files: { 'variables.tf': AMI_VARIABLE('  default = "ami-0abcdef1234567890"\n') },
    },
    { name: 'an all-zero placeholder', code: template('"ami-00000000"') },
    { name: 'a sequential placeholder', code: template('"ami-12345678"') },
    {
      name: 'an optional override that defaults to a lookup',
      code: `data "aws_ami" "base" {
  owners      = ["amazon"]
  most_recent = true
  filter {
    name   = "name"
    values = ["al2023-ami-*-x86_64"]
  }
}

${template('var.transcoder_ami != null ? var.transcoder_ami : data.aws_ami.base.id')}`,
      files: { 'variables.tf': AMI_VARIABLE('  default = null\n') },
    },
    {
      name: 'a module-style fallback: the variable when set, else the SSM parameter',
      code: `data "aws_ssm_parameter" "al2023" {
  count = var.ami_id == null ? 1 : 0
  name  = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
}

resource "aws_instance" "this" {
  ami           = try(coalesce(var.ami_id, nonsensitive(data.aws_ssm_parameter.al2023[0].value)), null)
  instance_type = "t3.micro"
}
`,
      files: { 'variables.tf': 'variable "ami_id" {\n  type    = string\n  default = null\n}\n' },
    },
    { name: 'a launch template without an image', code: 'resource "aws_launch_template" "bare" {\n  name_prefix = "bare-"\n}\n' },
    {
      name: 'an instance that takes everything from its launch template',
      code: `resource "aws_instance" "worker" {
  launch_template {
    id      = "lt-0a1b2c3d4e5f60718"
    version = "3"
  }
}
`,
    },
    { name: 'a string that only looks like an AMI', code: template('"ami-latest"') },
    {
      name: 'a resource switched off with count = 0',
      code: 'resource "aws_instance" "legacy" {\n  count         = 0\n  ami           = "' + AMI + '"\n  instance_type = "t3.micro"\n}\n',
    },
    {
      name: 'module inputs that are not AMI IDs',
      code: 'module "workers" {\n  source        = "./workers"\n  instance_type = "c6i.large"\n  subnet_id     = "subnet-0a1b2c3d"\n}\n',
    },
  ],
  invalid: [
    {
      name: 'a literal AMI in a launch template',
      code: template(`"${AMI}"`),
      errors: [
        {
          messageId: 'hardcoded',
          severity: 'warning',
          data: { ami: AMI },
          line: 3,
          column: 19,
          endLine: 3,
          endColumn: 42,
          suggestions: [{ messageId: 'lookUp', output: LOOKED_UP }],
        },
      ],
    },
    {
      name: 'a literal AMI in an instance',
      code: `resource "aws_instance" "bastion" {
  ami           = "${AMI}"
  instance_type = "t3.micro"
}
`,
      errors: [
        {
          messageId: 'hardcoded',
          line: 2,
          column: 19,
          endLine: 2,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'lookUp',
              output: `resource "aws_instance" "bastion" {
  ami           = data.aws_ami.bastion.id
  instance_type = "t3.micro"
}${lookup('bastion', `"${AMI}"`)}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a short (old style) AMI ID in a launch configuration',
      code: 'resource "aws_launch_configuration" "legacy" {\n  image_id      = "ami-5f1e3c2b"\n  instance_type = "m5.large"\n}\n',
      errors: [
        {
          messageId: 'hardcoded',
          data: { ami: 'ami-5f1e3c2b' },
          line: 2,
          column: 19,
          endLine: 2,
          endColumn: 33,
          suggestions: [
            {
              messageId: 'lookUp',
              output: `resource "aws_launch_configuration" "legacy" {\n  image_id      = data.aws_ami.legacy.id\n  instance_type = "m5.large"\n}${lookup('legacy', '"ami-5f1e3c2b"')}\n`,
            },
          ],
        },
      ],
    },
    {
      name: 'a spot instance request, when the name aws_ami.x is already taken',
      code: `data "aws_ami" "spot" {
  owners = ["self"]
  filter {
    name   = "name"
    values = ["batch-*"]
  }
}

resource "aws_spot_instance_request" "spot" {
  ami           = "${AMI}"
  instance_type = "c6i.large"
}
`,
      errors: [
        {
          messageId: 'hardcoded',
          line: 10,
          column: 19,
          endLine: 10,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'lookUp',
              output: `data "aws_ami" "spot" {
  owners = ["self"]
  filter {
    name   = "name"
    values = ["batch-*"]
  }
}

resource "aws_spot_instance_request" "spot" {
  ami           = data.aws_ami.spot_2.id
  instance_type = "c6i.large"
}${lookup('spot_2', `"${AMI}"`)}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'the default of a variable in another file',
      code: template('var.transcoder_ami'),
      files: { 'variables.tf': AMI_VARIABLE(`  default = "${AMI}"\n`) },
      errors: [
        {
          messageId: 'hardcoded',
          data: { ami: AMI },
          line: 3,
          column: 19,
          endLine: 3,
          endColumn: 37,
          suggestions: [
            {
              messageId: 'lookUp',
              output: template('data.aws_ami.transcoder.id').trimEnd() + lookup('transcoder', 'var.transcoder_ami') + '\n',
            },
          ],
        },
      ],
    },
    {
      name: 'terraform.tfvars sets a variable that has no default',
      code: template('var.transcoder_ami'),
      files: { 'variables.tf': AMI_VARIABLE(''), 'terraform.tfvars': `transcoder_ami = "${AMI}"\n` },
      errors: [
        {
          messageId: 'hardcoded',
          line: 3,
          column: 19,
          endLine: 3,
          endColumn: 37,
          suggestions: [
            {
              messageId: 'lookUp',
              output: template('data.aws_ami.transcoder.id').trimEnd() + lookup('transcoder', 'var.transcoder_ami') + '\n',
            },
          ],
        },
      ],
    },
    {
      name: 'an auto.tfvars file overrides a placeholder default',
      code: template('var.transcoder_ami'),
      files: { 'variables.tf': AMI_VARIABLE('  default = "ami-00000000"\n'), 'prod.auto.tfvars': 'transcoder_ami = "ami-9e8d7c6b"\n' },
      errors: [
        {
          messageId: 'hardcoded',
          data: { ami: 'ami-9e8d7c6b' },
          line: 3,
          column: 19,
          endLine: 3,
          endColumn: 37,
          suggestions: [
            {
              messageId: 'lookUp',
              output: template('data.aws_ami.transcoder.id').trimEnd() + lookup('transcoder', 'var.transcoder_ami') + '\n',
            },
          ],
        },
      ],
    },
    {
      name: 'a per-region map in a local, indexed by a variable',
      code: template('local.amis[var.region]'),
      files: {
        'locals.tf': `variable "region" {\n  default = "eu-west-1"\n}\n\nlocals {\n  amis = {\n    "us-east-1" = "${AMI}"\n    "eu-west-1" = "ami-04b2c8e1f7a9d6053"\n  }\n}\n`,
      },
      errors: [
        {
          messageId: 'hardcoded',
          data: { ami: 'ami-04b2c8e1f7a9d6053' },
          line: 3,
          column: 19,
          endLine: 3,
          endColumn: 41,
          suggestions: [
            {
              messageId: 'lookUp',
              output: template('data.aws_ami.transcoder.id').trimEnd() + lookup('transcoder', 'local.amis[var.region]') + '\n',
            },
          ],
        },
      ],
    },
    {
      name: 'for_each over literal AMIs reports each one, without a suggestion',
      code: `resource "aws_instance" "node" {
  for_each      = { blue = "${AMI}", green = "ami-04b2c8e1f7a9d6053" }
  ami           = each.value
  instance_type = "t3.small"
}
`,
      errors: [
        { messageId: 'hardcoded', data: { ami: AMI }, line: 3, column: 19, endLine: 3, endColumn: 29 },
        { messageId: 'hardcoded', data: { ami: 'ami-04b2c8e1f7a9d6053' }, line: 3, column: 19, endLine: 3, endColumn: 29 },
      ],
    },
    {
      name: 'count copies of one instance are reported once',
      code: `resource "aws_instance" "node" {
  count         = 3
  ami           = "${AMI}"
  instance_type = "t3.small"
}
`,
      errors: [
        {
          messageId: 'hardcoded',
          line: 3,
          column: 19,
          endLine: 3,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'lookUp',
              output: `resource "aws_instance" "node" {
  count         = 3
  ami           = data.aws_ami.node.id
  instance_type = "t3.small"
}${lookup('node', `"${AMI}"`)}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'an AMI passed to a module',
      code: `module "ingest" {
  source        = "./ingest"
  image_id      = "${AMI}"
  instance_type = "c6i.large"
}
`,
      errors: [
        {
          messageId: 'hardcoded',
          line: 3,
          column: 19,
          endLine: 3,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'lookUp',
              output: `module "ingest" {
  source        = "./ingest"
  image_id      = data.aws_ami.ingest.id
  instance_type = "c6i.large"
}${lookup('ingest', `"${AMI}"`)}
`,
              // The child module is not on disk, so Terraform cannot install it.
              validate: false,
            },
          ],
        },
      ],
    },
    {
      name: 'a test configuration is reported as info, without a suggestion',
      dir: 'test',
      files: { 'fixture.tf': template(`"${AMI}"`) },
      errors: [{ messageId: 'hardcodedInTest', severity: 'info', file: 'fixture.tf', line: 3, column: 19, endLine: 3, endColumn: 42 }],
    },
    {
      name: 'JSON syntax is reported without a suggestion',
      files: {
        'main.tf.json': `{\n  "resource": {\n    "aws_instance": {\n      "bastion": {\n        "ami": "${AMI}",\n        "instance_type": "t3.micro"\n      }\n    }\n  }\n}\n`,
      },
      errors: [{ messageId: 'hardcoded', file: 'main.tf.json', line: 5, column: 16, endLine: 5, endColumn: 39 }],
    },
  ],
});
