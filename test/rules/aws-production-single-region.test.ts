import rule from '../../rules/aws-production-single-region';
import { ruleTester } from '../support/rule-tester';

const STACK = `variable "region" {
  type = string
}

provider "aws" {
  region = var.region
}

resource "aws_sqs_queue" "orders" {
  name = "orders"
}
`;

/** The stack and the var files of its environments, by name. */
const environments = (values: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(values).map(([name, text]) => [`envs/${name}.tfvars`, text]));

// Sibling roots: live/<env>/main.tf calling modules/app.
const root = (region: string): string => `provider "aws" {
  region = "${region}"
}

module "app" {
  source = "../../modules/app"
  name   = "orders"
}
`;
const APP = { '../../modules/app/main.tf': 'variable "name" {\n  type = string\n}\n\nresource "aws_sqs_queue" "this" {\n  name = var.name\n}\n' };

ruleTester(rule, {
  valid: [
    { name: 'no environments', code: STACK.replace('var.region', '"eu-west-1"') },
    { name: 'no production environment', code: STACK, files: environments({ dev: 'region = "eu-west-1"\n', staging: 'region = "eu-west-1"\n' }) },
    {
      name: 'production in two regions',
      code: STACK,
      files: environments({ 'prod-eu': 'region = "eu-west-1"\n', 'prod-us': 'region = "us-east-1"\n', staging: 'region = "eu-west-1"\n' }),
    },
    { name: 'the production region is not known', code: STACK, files: environments({ prod: 'name = "x"\n', staging: 'region = "eu-west-1"\n' }) },
    {
      name: 'a provider alias in a second region',
      code: `${STACK}\nprovider "aws" {\n  alias  = "dr"\n  region = "eu-central-1"\n}\n`,
      files: environments({ prod: 'region = "eu-west-1"\n', staging: 'region = "eu-west-1"\n' }),
    },
    {
      name: 'a module placed in another region by its argument',
      code: `${STACK}\nmodule "replica" {\n  source = "./replica"\n  region = "eu-central-1"\n}\n`,
      files: {
        ...environments({ prod: 'region = "eu-west-1"\n', staging: 'region = "eu-west-1"\n' }),
        'replica/main.tf': 'variable "region" {\n  type = string\n}\n',
      },
    },
    {
      name: 'a DynamoDB global table with a replica elsewhere',
      code: `${STACK}\nresource "aws_dynamodb_table" "carts" {\n  name         = "carts"\n  billing_mode = "PAY_PER_REQUEST"\n  hash_key     = "id"\n\n  attribute {\n    name = "id"\n    type = "S"\n  }\n\n  replica {\n    region_name = "eu-central-1"\n  }\n}\n`,
      files: environments({ prod: 'region = "eu-west-1"\n', staging: 'region = "eu-west-1"\n' }),
    },
    {
      name: 'no provider block: the region comes from the environment',
      code: 'resource "aws_sqs_queue" "orders" {\n  name = "orders"\n}\n\nvariable "region" {\n  type = string\n}\n',
      files: environments({ prod: 'region = "eu-west-1"\n', staging: 'region = "eu-west-1"\n' }),
    },
    {
      name: 'a sibling root that is not production',
      dir: 'live/staging',
      code: root('eu-west-1'),
      files: { '../prod/main.tf': root('eu-west-1'), ...APP },
    },
  ],
  invalid: [
    {
      name: 'production sets the one provider region in its var file',
      code: STACK,
      files: environments({ prod: 'region = "eu-west-1"\n', staging: 'region = "eu-west-1"\n' }),
      errors: [
        {
          messageId: 'singleRegion',
          severity: 'info',
          file: 'envs/prod.tfvars',
          data: { environment: 'prod', region: 'eu-west-1', what: 'its one AWS provider configuration is there' },
          line: 1,
          column: 10,
          endLine: 1,
          endColumn: 21,
        },
      ],
    },
    {
      name: 'a region written in the provider, the same for every environment',
      code: STACK.replace('var.region', '"us-east-1"'),
      files: environments({ production: 'region = "us-east-1"\n', staging: 'region = "us-east-1"\n' }),
      errors: [
        {
          messageId: 'singleRegion',
          data: { environment: 'production', region: 'us-east-1', what: 'its one AWS provider configuration is there' },
          line: 6,
          column: 12,
          endLine: 6,
          endColumn: 23,
        },
      ],
    },
    {
      name: 'a production root of sibling environments, calling a module',
      dir: 'live/prod',
      code: root('eu-west-1'),
      files: { '../staging/main.tf': root('eu-west-1'), ...APP },
      errors: [
        {
          messageId: 'singleRegion',
          data: { environment: 'prod', region: 'eu-west-1', what: 'its one AWS provider configuration is there and its one module call uses them' },
          line: 2,
          column: 12,
          endLine: 2,
          endColumn: 23,
        },
      ],
    },
  ],
});
