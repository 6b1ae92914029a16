import rule from '../../rules/aws-nat-gateway-shared-across-zones';
import { ruleTester } from '../support/rule-tester';

const VPC = `resource "aws_vpc" "main" {
  cidr_block = "10.40.0.0/16"
}

resource "aws_subnet" "public" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.40.0.0/24"
  availability_zone = "eu-west-1a"
}

resource "aws_eip" "nat" {
  domain = "vpc"
}
`;

/** Two private subnets, in the zones given. */
const privateSubnets = (a: string, b: string): string => `
resource "aws_subnet" "app_a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.40.1.0/24"
  availability_zone = ${a}
}

resource "aws_subnet" "app_b" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.40.2.0/24"
  availability_zone = ${b}
}
`;

const ONE_GATEWAY = `
resource "aws_nat_gateway" "main" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public.id
}
`;

const SHARED_TABLE = `
resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.main.id
  }
}

resource "aws_route_table_association" "app_a" {
  subnet_id      = aws_subnet.app_a.id
  route_table_id = aws_route_table.private.id
}

resource "aws_route_table_association" "app_b" {
  subnet_id      = aws_subnet.app_b.id
  route_table_id = aws_route_table.private.id
}
`;

/** Private subnets, route tables and routes per zone under for_each; `gateway` is what each route names. */
const perZone = (gateways: string, gateway: string): string => `
locals {
  zones = {
    a = { zone = "eu-west-1a", cidr = "10.40.1.0/24" }
    b = { zone = "eu-west-1b", cidr = "10.40.2.0/24" }
  }
}

resource "aws_subnet" "app" {
  for_each          = local.zones
  vpc_id            = aws_vpc.main.id
  cidr_block        = each.value.cidr
  availability_zone = each.value.zone
}
${gateways}
resource "aws_route_table" "app" {
  for_each = local.zones
  vpc_id   = aws_vpc.main.id
}

resource "aws_route" "app_egress" {
  for_each               = local.zones
  route_table_id         = aws_route_table.app[each.key].id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = ${gateway}
}

resource "aws_route_table_association" "app" {
  for_each       = local.zones
  subnet_id      = aws_subnet.app[each.key].id
  route_table_id = aws_route_table.app[each.key].id
}
`;

const GATEWAY_PER_ZONE = `
resource "aws_eip" "zone" {
  for_each = local.zones
  domain   = "vpc"
}

resource "aws_subnet" "edge" {
  for_each          = local.zones
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet("10.40.128.0/20", 4, index(keys(local.zones), each.key))
  availability_zone = each.value.zone
}

resource "aws_nat_gateway" "zone" {
  for_each      = local.zones
  allocation_id = aws_eip.zone[each.key].id
  subnet_id     = aws_subnet.edge[each.key].id
}
`;

const vpcModule = (lines: string): string => `module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 6.0"

  name            = "orders"
  cidr            = "10.50.0.0/16"
  azs             = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  private_subnets = ["10.50.1.0/24", "10.50.2.0/24", "10.50.3.0/24"]
  public_subnets  = ["10.50.101.0/24", "10.50.102.0/24", "10.50.103.0/24"]

${lines}
}
`;

ruleTester(rule, {
  valid: [
    { name: 'one NAT gateway per zone, each zone routed through its own', code: VPC + perZone(GATEWAY_PER_ZONE, 'aws_nat_gateway.zone[each.key].id') },
    { name: 'one NAT gateway for private subnets of a single zone', code: VPC + privateSubnets('"eu-west-1a"', '"eu-west-1a"') + ONE_GATEWAY + SHARED_TABLE },
    {
      name: 'zones from a variable without a value are not guessed',
      code: VPC + privateSubnets('var.zone_a', 'var.zone_b') + ONE_GATEWAY + SHARED_TABLE,
      files: { 'variables.tf': 'variable "zone_a" {\n  type = string\n}\n\nvariable "zone_b" {\n  type = string\n}\n' },
    },
    {
      name: 'a zone written as a piece of one ("${var.region}a" with an empty default) is not a zone',
      code: VPC + privateSubnets('"${var.region}a"', '"${var.region}b"') + ONE_GATEWAY + SHARED_TABLE,
      files: { 'variables.tf': 'variable "region" {\n  type    = string\n  default = ""\n}\n' },
    },
    {
      name: 'a route to a NAT gateway instance that cannot be told (count with an unknown index)',
      code:
        VPC +
        privateSubnets('"eu-west-1a"', '"eu-west-1b"') +
        ONE_GATEWAY.replace('resource "aws_nat_gateway" "main" {', 'resource "aws_nat_gateway" "main" {\n  count         = 2').replace(
          'aws_eip.nat.id',
          'aws_eip.nat.id # shared in this test',
        ) +
        SHARED_TABLE.replace('aws_nat_gateway.main.id', 'aws_nat_gateway.main[var.which].id'),
      files: { 'variables.tf': 'variable "which" {\n  type = number\n}\n' },
    },
    {
      name: 'the VPC module with one NAT gateway per zone',
      code: vpcModule('  enable_nat_gateway     = true\n  single_nat_gateway     = false\n  one_nat_gateway_per_az = true'),
    },
    { name: 'the VPC module with one NAT gateway per private subnet (its default)', code: vpcModule('  enable_nat_gateway = true') },
    { name: 'the VPC module with single_nat_gateway but no NAT gateway at all', code: vpcModule('  single_nat_gateway = true') },
    {
      name: 'the VPC module with zones from a data source',
      code:
        vpcModule('  enable_nat_gateway = true\n  single_nat_gateway = true').replace(
          '["eu-west-1a", "eu-west-1b", "eu-west-1c"]',
          'slice(data.aws_availability_zones.available.names, 0, 3)',
        ) + '\ndata "aws_availability_zones" "available" {}\n',
    },
    {
      name: 'the VPC module with one private subnet',
      code: vpcModule('  enable_nat_gateway = true\n  single_nat_gateway = true').replace(
        '["10.50.1.0/24", "10.50.2.0/24", "10.50.3.0/24"]',
        '["10.50.1.0/24"]',
      ),
    },
    {
      name: 'another module with the same arguments',
      code: vpcModule('  enable_nat_gateway = true\n  single_nat_gateway = true').replace('terraform-aws-modules/vpc/aws', 'acme/network/aws'),
    },
  ],
  invalid: [
    {
      name: 'one route table through one NAT gateway for subnets in two zones',
      code: VPC + privateSubnets('"eu-west-1a"', '"eu-west-1b"') + ONE_GATEWAY + SHARED_TABLE,
      errors: [
        {
          messageId: 'sharedGateway',
          severity: 'warning',
          data: { gateway: 'aws_nat_gateway.main', count: 2, zones: 'eu-west-1a, eu-west-1b' },
          line: 27,
          column: 1,
          endLine: 27,
          endColumn: 34,
        },
      ],
    },
    {
      name: 'a route per zone, all to the same NAT gateway (for_each)',
      code: VPC + perZone(ONE_GATEWAY, 'aws_nat_gateway.main.id'),
      errors: [
        {
          messageId: 'sharedGateway',
          data: { gateway: 'aws_nat_gateway.main', count: 2, zones: 'eu-west-1a, eu-west-1b' },
          line: 29,
          column: 1,
          endLine: 29,
          endColumn: 34,
        },
      ],
    },
    {
      name: 'subnets and associations under count, written the Terraform 0.11 way',
      code:
        VPC +
        ONE_GATEWAY +
        `
resource "aws_subnet" "app" {
  count             = 2
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.40.\${count.index + 1}.0/24"
  availability_zone = element(["eu-west-1a", "eu-west-1b"], count.index)
}

resource "aws_route_table" "app" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = "\${aws_nat_gateway.main.id}"
  }
}

resource "aws_route_table_association" "app" {
  count          = 2
  subnet_id      = aws_subnet.app.*.id[count.index]
  route_table_id = aws_route_table.app.id
}
`,
      errors: [
        {
          messageId: 'sharedGateway',
          data: { gateway: 'aws_nat_gateway.main', count: 2, zones: 'eu-west-1a, eu-west-1b' },
          line: 15,
          column: 1,
          endLine: 15,
          endColumn: 34,
        },
      ],
    },
    {
      name: 'zone IDs instead of names',
      code:
        VPC.replace('availability_zone = "eu-west-1a"', 'availability_zone_id = "euw1-az1"') +
        privateSubnets('"eu-west-1a"', '"eu-west-1b"').replace(
          /availability_zone = "eu-west-1(.)"/g,
          (_m, z: string) => `availability_zone_id = "euw1-az${z === 'a' ? 1 : 2}"`,
        ) +
        ONE_GATEWAY +
        SHARED_TABLE,
      errors: [
        {
          messageId: 'sharedGateway',
          data: { gateway: 'aws_nat_gateway.main', count: 2, zones: 'euw1-az1, euw1-az2' },
          line: 27,
          column: 1,
          endLine: 27,
          endColumn: 34,
        },
      ],
    },
    {
      name: 'the VPC module with single_nat_gateway = true over three zones',
      code: vpcModule('  enable_nat_gateway = true\n  single_nat_gateway = true'),
      errors: [
        {
          messageId: 'singleNatGateway',
          severity: 'warning',
          data: { count: 3, zones: 'eu-west-1a, eu-west-1b, eu-west-1c' },
          line: 12,
          column: 24,
          endLine: 12,
          endColumn: 28,
          suggestions: [
            {
              messageId: 'gatewayPerZone',
              output: vpcModule('  enable_nat_gateway     = true\n  single_nat_gateway     = false\n  one_nat_gateway_per_az = true'),
              // A registry module: validating it would need `terraform init` to download it.
              validate: false,
            },
          ],
        },
      ],
    },
  ],
});
