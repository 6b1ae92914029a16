import rule from '../../rules/aws-maintenance-window-same-everywhere';
import { ruleTester } from '../support/rule-tester';

const VARIABLES = `variable "region" {
  type = string
}

variable "maintenance_window" {
  type    = string
  default = "sun:03:00-sun:04:00"
}
`;

const database = (window: string): string => `resource "aws_db_instance" "orders" {
  identifier         = "orders"
  engine             = "postgres"
  instance_class     = "db.r6g.large"
  allocated_storage  = 100
  maintenance_window = ${window}
}
`;

/** The module's variables and the var files of its environments, by name. */
const environments = (values: Readonly<Record<string, string>>): Record<string, string> => ({
  'variables.tf': VARIABLES,
  ...Object.fromEntries(Object.entries(values).map(([name, text]) => [`envs/${name}.tfvars`, text])),
});

const BROKER = `resource "aws_mq_broker" "events" {
  broker_name        = "events"
  engine_type        = "RabbitMQ"
  engine_version     = "3.13"
  host_instance_type = "mq.m5.large"
  deployment_mode    = "CLUSTER_MULTI_AZ"

  user {
    username = "events"
    password = "change-me-0123456789"
  }

  maintenance_window_start_time {
    day_of_week = var.maintenance_day
    time_of_day = "03:00"
  }
}

variable "maintenance_day" {
  type    = string
  default = "SUNDAY"
}
`;

// Terragrunt: live/<env>/db/terragrunt.hcl running modules/db.
const terragrunt = (inputs: string): string => `terraform {\n  source = "../../../modules//db"\n}\n\ninputs = {\n${inputs}}\n`;
const TG_MODULE = (window: string): Record<string, string> => ({
  '../../../modules/db/variables.tf': VARIABLES,
  '../../../modules/db/main.tf': database(window),
});

// Sibling roots: live/<env>/main.tf calling modules/db.
const caller = (args: string): string => `module "db" {\n  source = "../../modules/db"\n${args}}\n`;
const CALLED_MODULE = (window: string): Record<string, string> => ({
  '../../modules/db/variables.tf': VARIABLES,
  '../../modules/db/main.tf': database(window),
});

ruleTester(rule, {
  valid: [
    {
      name: 'staging a day before production',
      code: database('var.maintenance_window'),
      files: environments({ prod: 'region = "eu-west-1"\n', staging: 'region = "eu-west-1"\nmaintenance_window = "sat:03:00-sat:04:00"\n' }),
    },
    { name: 'no environments: one deployment', code: database('"sun:03:00-sun:04:00"'), files: { 'variables.tf': VARIABLES } },
    {
      name: 'no production environment among them',
      code: database('"sun:03:00-sun:04:00"'),
      files: environments({ dev: 'region = "eu-west-1"\n', staging: 'region = "eu-west-1"\n' }),
    },
    {
      name: 'no window set: AWS picks one per region',
      code: database('null'),
      files: environments({ prod: 'region = "eu-west-1"\n', staging: 'region = "eu-west-1"\n' }),
    },
    {
      name: 'a window from a variable without a value in one environment',
      code: database('var.window'),
      files: {
        ...environments({ prod: 'region = "eu-west-1"\nwindow = "sun:03:00-sun:04:00"\n', staging: 'region = "eu-west-1"\n' }),
        'window.tf': 'variable "window" {\n  type = string\n}\n',
      },
    },
    {
      name: 'an environment may switch the database off',
      code: database('"sun:03:00-sun:04:00"').replace('  identifier ', '  count              = var.create ? 1 : 0\n  identifier '),
      files: {
        ...environments({ prod: 'region = "eu-west-1"\n', staging: 'region = "eu-west-1"\ncreate = false\n' }),
        'create.tf': 'variable "create" {\n  type    = bool\n  default = true\n}\n',
      },
    },
    {
      name: 'a broker whose day differs',
      code: BROKER,
      files: environments({ prod: 'region = "eu-west-1"\n', staging: 'region = "eu-west-1"\nmaintenance_day = "SATURDAY"\n' }),
    },
    {
      name: 'Terragrunt environments that give the module different windows',
      dir: 'live/prod/db',
      code: '',
      files: {
        'terragrunt.hcl': terragrunt('  region = "eu-west-1"\n'),
        '../../staging/db/terragrunt.hcl': terragrunt('  region             = "eu-west-1"\n  maintenance_window = "sat:03:00-sat:04:00"\n'),
        ...TG_MODULE('var.maintenance_window'),
      },
    },
    {
      name: 'Terragrunt: the shared window is reported from the production environment only',
      dir: 'live/staging/db',
      code: '',
      files: {
        'terragrunt.hcl': terragrunt('  region = "eu-west-1"\n'),
        '../../prod/db/terragrunt.hcl': terragrunt('  region = "eu-west-1"\n'),
        ...TG_MODULE('"sun:03:00-sun:04:00"'),
      },
    },
  ],
  invalid: [
    {
      name: 'Terragrunt environments running a module whose window is written in it',
      dir: 'live/prod/db',
      code: '',
      files: {
        'terragrunt.hcl': terragrunt('  region = "eu-west-1"\n'),
        '../../staging/db/terragrunt.hcl': terragrunt('  region = "eu-west-1"\n'),
        ...TG_MODULE('"sun:03:00-sun:04:00"'),
      },
      errors: [
        {
          messageId: 'sameWindow',
          file: 'terragrunt.hcl',
          data: {
            environments: 'prod and staging',
            resource: 'aws_db_instance.orders',
            what: 'maintenance_window',
            window: 'sun:03:00-sun:04:00',
            regions: '',
          },
          line: 5,
          column: 1,
          endLine: 7,
          endColumn: 2,
        },
      ],
    },
    {
      name: 'sibling roots calling the module, every one leaving the default window',
      dir: 'live/prod',
      code: caller('  region = "eu-west-1"\n'),
      files: { '../staging/main.tf': caller('  region = "eu-west-1"\n'), ...CALLED_MODULE('var.maintenance_window') },
      errors: [
        {
          messageId: 'sameWindow',
          data: {
            environments: 'prod and staging',
            resource: 'aws_db_instance.orders',
            what: 'maintenance_window',
            window: 'sun:03:00-sun:04:00',
            regions: '',
          },
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 12,
        },
      ],
    },
    {
      name: 'a window written in the resource, the same in production and staging',
      code: database('"sun:03:00-sun:04:00"'),
      files: environments({ prod: 'region = "eu-west-1"\n', staging: 'region = "eu-west-1"\n' }),
      errors: [
        {
          messageId: 'sameWindow',
          severity: 'info',
          data: { environments: 'prod and staging', resource: 'this DB instance', what: 'maintenance_window', window: 'sun:03:00-sun:04:00', regions: '' },
          line: 6,
          column: 24,
          endLine: 6,
          endColumn: 45,
        },
      ],
    },
    {
      name: 'each environment sets the same window, in two regions',
      code: database('var.maintenance_window'),
      files: environments({
        'prod-eu': 'region = "eu-west-1"\nmaintenance_window = "Sun:03:00-Sun:04:00"\n',
        'prod-us': 'region = "us-east-1"\nmaintenance_window = "sun:03:00-sun:04:00"\n',
        staging: 'region = "eu-west-1"\nmaintenance_window = "sun:03:00-sun:04:00"\n',
      }),
      errors: [
        {
          messageId: 'sameWindow',
          data: {
            environments: 'prod-eu, prod-us and staging',
            resource: 'this DB instance',
            what: 'maintenance_window',
            window: 'Sun:03:00-Sun:04:00',
            regions: ' (in regions eu-west-1 and us-east-1)',
          },
          line: 6,
          column: 24,
          endLine: 6,
          endColumn: 46,
        },
      ],
    },
    {
      name: 'a broker with the default day in every environment',
      code: BROKER,
      files: environments({ prod: 'region = "eu-west-1"\n', staging: 'region = "eu-west-1"\n' }),
      errors: [
        {
          messageId: 'sameWindow',
          data: { environments: 'prod and staging', resource: 'this broker', what: 'maintenance window', window: 'SUNDAY 03:00 UTC', regions: '' },
          line: 14,
          column: 19,
          endLine: 14,
          endColumn: 38,
        },
      ],
    },
  ],
});
