import rule from '../../rules/env-variable-drift';
import { ruleTester } from '../support/rule-tester';

// A module with a launch template: the shape of the Transloadit incident.
const VARIABLES = `variable "ami_id" {
  type = string
}

variable "security_group_ids" {
  type = list(string)
}

variable "instance_type" {
  type    = string
  default = "t3.small"
}

variable "desired_capacity" {
  type    = number
  default = 2
}
`;

const MAIN = `resource "aws_launch_template" "app" {
  name_prefix            = "app-"
  image_id               = var.ami_id
  instance_type          = var.instance_type
  vpc_security_group_ids = var.security_group_ids
}
`;

const DEV = `ami_id             = "ami-0a1b2c3d4e5f67890"
security_group_ids = ["sg-0123456789abcdef0"]
instance_type      = "t3.small"
`;

const STAGING = `ami_id             = "ami-0f0e0d0c0b0a09080"
security_group_ids = ["sg-0fedcba9876543210"]
instance_type      = "t3.medium"
desired_capacity   = 2
`;

/** The module with envs/dev.tfvars and envs/staging.tfvars, and `prod` as given. */
const withProd = (prod: string, extra: Record<string, string> = {}): Record<string, string> => ({
  'variables.tf': VARIABLES,
  'envs/dev.tfvars': DEV,
  'envs/staging.tfvars': STAGING,
  'envs/prod.tfvars': prod,
  ...extra,
});

// The same module called from live/<env>/main.tf.
const APP_MODULE = { '../../modules/app/variables.tf': VARIABLES, '../../modules/app/main.tf': MAIN };
const caller = (args: string): string => `module "app" {\n  source = "../../modules/app"\n${args}}\n`;

// Terragrunt: live/<env>/app/terragrunt.hcl running modules/app.
const terragrunt = (inputs: string): string => `terraform {\n  source = "../../../modules//app"\n}\n\ninputs = {\n${inputs}}\n`;
const TG_MODULE = { '../../../modules/app/variables.tf': VARIABLES, '../../../modules/app/main.tf': MAIN };

ruleTester(rule, {
  valid: [
    {
      name: 'environments that differ only in sizes, names and CIDRs',
      code: MAIN,
      files: withProd(
        'ami_id             = "ami-0123456789abcdef0"\nsecurity_group_ids = ["sg-00000000000000001", "sg-00000000000000002"]\ninstance_type      = "m6i.large"\ndesired_capacity   = 6\n',
      ),
    },
    {
      name: 'a variable with a default may be left out of one environment',
      code: MAIN,
      files: withProd('ami_id             = "ami-0123456789abcdef0"\nsecurity_group_ids = ["sg-00000000000000001"]\n'),
    },
    {
      name: 'a required variable set by a file every environment loads (terraform.tfvars)',
      code: MAIN,
      files: withProd('security_group_ids = ["sg-00000000000000001"]\n', { 'terraform.tfvars': 'ami_id = "ami-0123456789abcdef0"\n' }),
    },
    {
      name: 'a required variable that the other environments do not all set comes from elsewhere',
      code: MAIN,
      files: {
        'variables.tf': VARIABLES,
        'envs/dev.tfvars': 'security_group_ids = ["sg-0123456789abcdef0"]\n',
        'envs/staging.tfvars': STAGING,
        'envs/prod.tfvars': 'security_group_ids = ["sg-00000000000000001"]\n',
      },
    },
    {
      name: 'one environment is nothing to compare',
      code: MAIN,
      files: { 'variables.tf': VARIABLES, 'envs/prod.tfvars': 'ami_id = "app-server"\nsecurity_group_ids = ["web"]\n' },
    },
    {
      name: 'var files of another module beside this one are not its environments',
      code: MAIN,
      files: withProd(DEV, { 'envs/dns-prod.tfvars': 'zone_name = "example.com"\nttl = 60\nrecords = ["a"]\n' }),
    },
    {
      name: 'a backend config file named after an environment is not an environment',
      code: MAIN,
      files: withProd(DEV, { 'prod-backend.tfvars': 'bucket = "tfstate"\nkey = "app"\n' }),
    },
    {
      name: 'an ARN elsewhere and a KMS alias or key ID here: both are accepted where an ARN is',
      code: 'variable "kms_key" {\n  type = string\n}\n',
      files: {
        'dev.tfvars': 'kms_key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"\n',
        'staging.tfvars': 'kms_key = "alias/app"\n',
        'prod.tfvars': 'kms_key = "1234abcd-12ab-34cd-56ef-1234567890ab"\n',
      },
    },
    {
      name: 'a declarations-only module shares its var files with the modules it is linked into',
      code: VARIABLES,
      files: { 'dev.tfvars': `${DEV}component_only = true\n`, 'prod.tfvars': `${DEV}component_only = false\n` },
    },
    {
      name: 'values not known before apply are never compared',
      dir: 'live/prod',
      code: `resource "aws_security_group" "app" {\n  name = "app"\n}\n\n${caller('  ami_id             = data.aws_ssm_parameter.ami.value\n  security_group_ids = [aws_security_group.app.id]\n')}`,
      files: {
        ...APP_MODULE,
        '../staging/main.tf': caller('  ami_id             = "ami-0f0e0d0c0b0a09080"\n  security_group_ids = ["sg-0fedcba9876543210"]\n'),
      },
    },
    {
      name: 'two uses of one module in one environment are not environments',
      dir: 'live/prod',
      code: `${caller('  ami_id             = "ami-0f0e0d0c0b0a09080"\n  security_group_ids = ["sg-0fedcba9876543210"]\n')}\nmodule "worker" {\n  source             = "../../modules/app"\n  ami_id             = "worker-ami"\n  security_group_ids = ["worker"]\n}\n`,
      files: APP_MODULE,
    },
    {
      name: 'Terragrunt environments that include a parent may get more inputs (and generated variables) from it',
      dir: 'live/prod/app',
      files: {
        ...TG_MODULE,
        'terragrunt.hcl': `include "root" {\n  path = find_in_parent_folders()\n}\n\n${terragrunt('  security_group_ids = ["sg-00000000000000001"]\n  not_a_variable = 1\n')}`,
        '../../staging/app/terragrunt.hcl': terragrunt('  ami_id             = "ami-0f0e0d0c0b0a09080"\n  security_group_ids = ["sg-0fedcba9876543210"]\n'),
      },
    },
    {
      name: 'findings about a sibling environment belong to its own lint',
      dir: 'live/prod',
      code: caller('  ami_id             = "ami-0f0e0d0c0b0a09080"\n  security_group_ids = ["sg-0fedcba9876543210"]\n'),
      files: { ...APP_MODULE, '../staging/main.tf': caller('  ami_id             = "app-server"\n  security_group_ids = ["web"]\n') },
    },
  ],
  invalid: [
    {
      name: 'an AMI name in prod where the other environments have AMI IDs',
      code: MAIN,
      files: withProd('ami_id             = "app-server-2024"\nsecurity_group_ids = ["sg-00000000000000001"]\n'),
      errors: [
        {
          messageId: 'nameInsteadOfId',
          file: 'envs/prod.tfvars',
          line: 1,
          column: 22,
          endLine: 1,
          endColumn: 39,
          severity: 'warning',
          data: {
            setting: 'ami_id',
            kind: 'AMI ID',
            variable: 'ami_id',
            environment: 'prod',
            value: 'app-server-2024',
            a: 'an',
            others: 'dev and staging',
            example: 'ami-0a1b2c3d4e5f67890',
          },
        },
      ],
    },
    {
      name: 'security group names in a list where the other environments list security group IDs',
      code: MAIN,
      files: withProd('ami_id             = "ami-0123456789abcdef0"\nsecurity_group_ids = ["sg-00000000000000001", "uploader-sg"]\n'),
      errors: [
        {
          messageId: 'nameInsteadOfId',
          file: 'envs/prod.tfvars',
          line: 2,
          column: 47,
          endLine: 2,
          endColumn: 60,
          data: {
            setting: 'security_group_ids[1]',
            kind: 'security group ID',
            variable: 'security_group_ids',
            environment: 'prod',
            value: 'uploader-sg',
            a: 'a',
            others: 'dev and staging',
            example: 'sg-0123456789abcdef0',
          },
        },
      ],
    },
    {
      name: 'subnet IDs where the other environments list security group IDs',
      code: MAIN,
      files: withProd('ami_id             = "ami-0123456789abcdef0"\nsecurity_group_ids = ["subnet-0123456789abcdef0"]\n'),
      errors: [
        {
          messageId: 'otherIdKind',
          file: 'envs/prod.tfvars',
          line: 2,
          column: 23,
          endLine: 2,
          endColumn: 49,
          data: {
            found: 'subnet ID',
            kind: 'security group ID',
            variable: 'security_group_ids',
            environment: 'prod',
            setting: 'security_group_ids[0]',
            value: 'subnet-0123456789abcdef0',
            a: 'a',
            others: 'dev and staging',
            example: 'sg-0123456789abcdef0',
            foundA: 'a',
          },
        },
      ],
    },
    {
      name: 'a required variable the other environments all set is missing in prod',
      code: MAIN,
      files: withProd('# production\nsecurity_group_ids = ["sg-00000000000000001"]\n'),
      errors: [
        {
          messageId: 'missingVariable',
          file: 'envs/prod.tfvars',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 13,
          data: { variable: 'ami_id', others: 'dev and staging', environment: 'prod' },
        },
      ],
    },
    {
      name: 'a misspelt key: the intended variable keeps its default',
      code: MAIN,
      files: withProd(`${DEV}instance_typ       = "m6i.large"\n`),
      errors: [
        {
          messageId: 'undeclaredVariable',
          file: 'envs/prod.tfvars',
          line: 4,
          column: 1,
          endLine: 4,
          endColumn: 13,
          severity: 'warning',
          data: { hint: ' (did you mean "instance_type"?)', variable: 'instance_typ', environment: 'prod' },
        },
      ],
    },
    {
      name: 'a key nothing declares is dead configuration',
      code: MAIN,
      files: withProd(`${DEV}enable_turbo = true\n`),
      errors: [{ messageId: 'unusedValue', file: 'envs/prod.tfvars', line: 4, column: 1, endLine: 4, endColumn: 13, severity: 'info' }],
    },
    {
      name: 'a string where the other environments give a list (no declared type)',
      code: 'variable "subnets" {}\n',
      files: {
        'envs/dev.tfvars': 'subnets = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]\n',
        'envs/staging.tfvars': 'subnets = ["subnet-0fedcba9876543210"]\n',
        'envs/prod.tfvars': 'subnets = "subnet-00000000000000001"\n',
      },
      errors: [
        {
          messageId: 'otherType',
          file: 'envs/prod.tfvars',
          line: 1,
          column: 11,
          endLine: 1,
          endColumn: 37,
          data: { type: 'a string', otherType: 'a list', variable: 'subnets', environment: 'prod', setting: 'subnets', others: 'dev and staging' },
        },
      ],
    },
    {
      name: 'a value of the wrong declared type fails the plan of that environment only',
      code: MAIN,
      files: withProd('ami_id             = "ami-0123456789abcdef0"\nsecurity_group_ids = "sg-00000000000000001"\n'),
      errors: [
        {
          messageId: 'wrongType',
          file: 'envs/prod.tfvars',
          line: 2,
          column: 22,
          endLine: 2,
          endColumn: 44,
          severity: 'error',
          data: { declared: 'a list', variable: 'security_group_ids', environment: 'prod', setting: 'security_group_ids', type: 'a string' },
        },
      ],
    },
    {
      name: 'environment-named var files in the module directory, with terraform.tfvars for all',
      code: MAIN,
      files: {
        'variables.tf': VARIABLES,
        'terraform.tfvars': 'instance_type = "t3.small"\n',
        'dev.tfvars': DEV,
        'terraform.staging.tfvars': STAGING,
        'eu-prod.tfvars': 'ami_id             = "golden-image"\nsecurity_group_ids = ["sg-00000000000000001"]\n',
      },
      errors: [
        {
          messageId: 'nameInsteadOfId',
          file: 'eu-prod.tfvars',
          line: 1,
          column: 22,
          endLine: 1,
          endColumn: 36,
          data: {
            environment: 'eu-prod',
            variable: 'ami_id',
            setting: 'ami_id',
            value: 'golden-image',
            kind: 'AMI ID',
            a: 'an',
            others: 'dev and staging',
            example: 'ami-0a1b2c3d4e5f67890',
          },
        },
      ],
    },
    {
      name: 'environment directories with a shared common.tfvars',
      code: MAIN,
      files: {
        'variables.tf': VARIABLES,
        'envs/common.tfvars': 'instance_type = "t3.small"\n',
        'envs/dev/app.tfvars': DEV,
        'envs/staging/app.tfvars': STAGING,
        'envs/prod/app.tfvars': 'ami_id = "ami-0123456789abcdef0"\nsecurity_group_ids = ["web"]\n',
      },
      errors: [
        {
          messageId: 'nameInsteadOfId',
          file: 'envs/prod/app.tfvars',
          line: 2,
          column: 23,
          endLine: 2,
          endColumn: 28,
          data: {
            environment: 'prod',
            variable: 'security_group_ids',
            setting: 'security_group_ids[0]',
            value: 'web',
            kind: 'security group ID',
            a: 'a',
            others: 'dev and staging',
            example: 'sg-0123456789abcdef0',
          },
        },
      ],
    },
    {
      name: 'a map of subnet IDs with a name inside',
      code: 'variable "subnets" {\n  type = map(string)\n}\n',
      files: {
        'prod/network.tfvars': 'subnets = {\n  a = "private-a"\n  b = "subnet-0123456789abcdef1"\n}\n',
        'staging/network.tfvars': 'subnets = {\n  a = "subnet-0fedcba9876543210"\n  b = "subnet-0fedcba9876543211"\n}\n',
      },
      errors: [
        {
          messageId: 'nameInsteadOfId',
          file: 'prod/network.tfvars',
          line: 2,
          column: 7,
          endLine: 2,
          endColumn: 18,
          data: {
            setting: 'subnets.a',
            kind: 'subnet ID',
            variable: 'subnets',
            environment: 'prod',
            value: 'private-a',
            a: 'a',
            others: 'staging',
            example: 'subnet-0fedcba9876543210',
          },
        },
      ],
    },
    {
      name: 'JSON var files',
      code: 'variable "vpc_id" {\n  type = string\n}\n',
      files: {
        'envs/dev.tfvars.json': '{\n  "vpc_id": "vpc-0123456789abcdef0"\n}\n',
        'envs/prod.tfvars.json': '{\n  "vpc_id": "main"\n}\n',
      },
      errors: [
        {
          messageId: 'nameInsteadOfId',
          file: 'envs/prod.tfvars.json',
          line: 2,
          column: 13,
          endLine: 2,
          endColumn: 19,
          data: {
            kind: 'VPC ID',
            variable: 'vpc_id',
            environment: 'prod',
            setting: 'vpc_id',
            value: 'main',
            a: 'a',
            others: 'dev',
            example: 'vpc-0123456789abcdef0',
          },
        },
      ],
    },
    {
      name: 'sibling environment directories calling the same module: reported in this caller',
      dir: 'live/prod',
      code: caller('  ami_id             = "app-server"\n  security_group_ids = ["sg-00000000000000001"]\n  instance_typo      = "m6i.large"\n'),
      files: {
        ...APP_MODULE,
        '../dev/main.tf': caller('  ami_id             = var.ami\n  security_group_ids = ["sg-0123456789abcdef0"]\n'),
        '../dev/variables.tf': 'variable "ami" {\n  type = string\n}\n',
        '../dev/terraform.tfvars': 'ami = "ami-0a1b2c3d4e5f67890"\n',
        '../staging/main.tf': caller('  ami_id             = "ami-0f0e0d0c0b0a09080"\n  security_group_ids = ["sg-0fedcba9876543210"]\n'),
      },
      errors: [
        {
          messageId: 'nameInsteadOfId',
          line: 3,
          column: 24,
          endLine: 3,
          endColumn: 36,
          data: {
            environment: 'prod',
            others: 'dev and staging',
            variable: 'ami_id',
            setting: 'ami_id',
            value: 'app-server',
            kind: 'AMI ID',
            a: 'an',
            example: 'ami-0a1b2c3d4e5f67890',
          },
        },
        {
          messageId: 'undeclaredArgument',
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 16,
          severity: 'error',
          data: { hint: ' (did you mean "instance_type"?)', variable: 'instance_typo', environment: 'prod' },
        },
      ],
    },
    {
      name: 'a caller that leaves out an argument every other environment passes',
      dir: 'live/prod',
      code: caller('  security_group_ids = ["sg-00000000000000001"]\n'),
      files: {
        ...APP_MODULE,
        '../staging/main.tf': caller('  ami_id             = "ami-0f0e0d0c0b0a09080"\n  security_group_ids = ["sg-0fedcba9876543210"]\n'),
      },
      errors: [
        {
          messageId: 'missingArgument',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 13,
          severity: 'error',
          data: { variable: 'ami_id', environment: 'prod', others: 'staging' },
        },
      ],
    },
    {
      name: 'module calls labelled after environments in one configuration',
      code: `module "staging" {\n  source             = "./app"\n  ami_id             = "ami-0f0e0d0c0b0a09080"\n  security_group_ids = ["sg-0fedcba9876543210"]\n}\n\nmodule "production" {\n  source             = "./app"\n  ami_id             = "ami-0123456789abcdef0"\n  security_group_ids = ["default"]\n}\n`,
      files: { 'app/variables.tf': VARIABLES, 'app/main.tf': MAIN },
      errors: [
        {
          messageId: 'nameInsteadOfId',
          line: 10,
          column: 25,
          endLine: 10,
          endColumn: 34,
          data: {
            environment: 'production',
            variable: 'security_group_ids',
            setting: 'security_group_ids[0]',
            value: 'default',
            kind: 'security group ID',
            a: 'a',
            others: 'staging',
            example: 'sg-0fedcba9876543210',
          },
        },
      ],
    },
    {
      name: 'a Terragrunt environment without include that leaves out a required input: reported at inputs',
      dir: 'live/prod/app',
      files: {
        ...TG_MODULE,
        'terragrunt.hcl': terragrunt('  security_group_ids = ["sg-00000000000000001"]\n'),
        '../../staging/app/terragrunt.hcl': terragrunt('  ami_id             = "ami-0f0e0d0c0b0a09080"\n  security_group_ids = ["sg-0fedcba9876543210"]\n'),
      },
      errors: [
        {
          messageId: 'missingVariable',
          file: 'terragrunt.hcl',
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 7,
          severity: 'warning',
          data: { variable: 'ami_id', environment: 'prod', others: 'staging' },
        },
      ],
    },
    {
      name: 'Terragrunt inputs of the environments running one module',
      dir: 'live/prod/app',
      files: {
        ...TG_MODULE,
        'terragrunt.hcl': terragrunt('  ami_id             = "ami-0123456789abcdef0"\n  security_group_ids = ["app-prod"]\n  desired_capacty    = 6\n'),
        '../../staging/app/terragrunt.hcl': terragrunt('  ami_id             = "ami-0f0e0d0c0b0a09080"\n  security_group_ids = ["sg-0fedcba9876543210"]\n'),
        '../../dev/app/terragrunt.hcl': terragrunt('  ami_id             = "ami-0a1b2c3d4e5f67890"\n  security_group_ids = ["sg-0123456789abcdef0"]\n'),
      },
      errors: [
        { messageId: 'nameInsteadOfId', file: 'terragrunt.hcl', line: 7, column: 25, endLine: 7, endColumn: 35 },
        {
          messageId: 'undeclaredVariable',
          file: 'terragrunt.hcl',
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 18,
          data: { hint: ' (did you mean "desired_capacity"?)', variable: 'desired_capacty', environment: 'prod' },
        },
      ],
    },
  ],
});
