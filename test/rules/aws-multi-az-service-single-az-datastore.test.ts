import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import rule from '../../rules/aws-multi-az-service-single-az-datastore';
import { scan } from '../../server/src/core/scan';
import { ruleTester } from '../support/rule-tester';
import { writeWorkspace } from '../support/workspace';

const SUBNETS = `resource "aws_subnet" "a" {
  vpc_id            = "vpc-0a1b2c3d4e5f60718"
  cidr_block        = "10.60.1.0/24"
  availability_zone = "eu-west-1a"
}

resource "aws_subnet" "b" {
  vpc_id            = "vpc-0a1b2c3d4e5f60718"
  cidr_block        = "10.60.2.0/24"
  availability_zone = "eu-west-1b"
}
`;

/** A PostgreSQL instance; `lines` go after the storage settings. */
const database = (lines: string): string => `resource "aws_db_instance" "orders" {
  identifier        = "orders-prod"
  engine            = "postgres"
  instance_class    = "db.r6g.large"
  allocated_storage = 100
${lines}
}
`;

/** A group over both subnets, launching a template whose user data names `host`. */
const group = (host: string, subnets = '[aws_subnet.a.id, aws_subnet.b.id]'): string => `
resource "aws_launch_template" "web" {
  name_prefix   = "web-"
  image_id      = "ami-0a1b2c3d4e5f60718"
  instance_type = "t3.medium"
  user_data     = base64encode("DATABASE_HOST=\${${host}}")
}

resource "aws_autoscaling_group" "web" {
  min_size            = 2
  max_size            = 6
  vpc_zone_identifier = ${subnets}

  launch_template {
    id      = aws_launch_template.web.id
    version = aws_launch_template.web.latest_version
  }
}
`;

/** A Fargate service of three tasks over both subnets, whose container gets `host`. */
const service = (host: string, desired = '3'): string => `
resource "aws_ecs_task_definition" "api" {
  family                   = "api"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  container_definitions = jsonencode([{
    name      = "api"
    image     = "public.ecr.aws/docker/library/nginx:1.27"
    essential = true
    environment = [
      { name = "CACHE_HOST", value = ${host} },
    ]
  }])
}

resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = "arn:aws:ecs:eu-west-1:123456789012:cluster/main"
  task_definition = aws_ecs_task_definition.api.arn
  desired_count   = ${desired}
  launch_type     = "FARGATE"

  network_configuration {
    subnets = [aws_subnet.a.id, aws_subnet.b.id]
  }
}
`;

const SINGLE_NODE_CACHE = `resource "aws_elasticache_cluster" "sessions" {
  cluster_id      = "sessions"
  engine          = "redis"
  node_type       = "cache.t4g.small"
  num_cache_nodes = 1
}
`;

const replicationGroup = (lines: string): string => `resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id = "sessions"
  description          = "sessions"
  engine               = "redis"
  node_type            = "cache.t4g.small"
${lines}
}
`;

ruleTester(rule, {
  valid: [
    { name: 'a Multi-AZ database', code: database('  multi_az          = true') + group('aws_db_instance.orders.address'), files: { 'network.tf': SUBNETS } },
    {
      name: 'a single-AZ database used by a group in one subnet',
      code: database('') + group('aws_db_instance.orders.address', '[aws_subnet.a.id]'),
      files: { 'network.tf': SUBNETS },
    },
    {
      name: 'a single-AZ database used by a group whose subnets are not known',
      code: database('') + group('aws_db_instance.orders.address', 'var.subnet_ids'),
      files: { 'network.tf': SUBNETS, 'variables.tf': 'variable "subnet_ids" {\n  type = list(string)\n}\n' },
    },
    {
      name: 'a single-AZ database used by a group whose two subnets are in the same zone',
      code: database('') + group('aws_db_instance.orders.address'),
      files: { 'network.tf': SUBNETS.replace('"eu-west-1b"', '"eu-west-1a"') },
    },
    {
      name: 'multi_az from a variable without a value',
      code: database('  multi_az          = var.multi_az') + group('aws_db_instance.orders.address'),
      files: { 'network.tf': SUBNETS, 'variables.tf': 'variable "multi_az" {\n  type = bool\n}\n' },
    },
    {
      name: 'the group refers to the database only by its ARN (an IAM policy, not a connection)',
      code: database('') + group('aws_db_instance.orders.arn'),
      files: { 'network.tf': SUBNETS },
    },
    {
      name: 'a service of one task',
      code: SINGLE_NODE_CACHE + service('aws_elasticache_cluster.sessions.cache_nodes[0].address', '1'),
      files: { 'network.tf': SUBNETS },
    },
    {
      name: 'a replication group with automatic failover',
      code:
        replicationGroup('  num_cache_clusters         = 2\n  automatic_failover_enabled = true\n  multi_az_enabled           = true') +
        service('aws_elasticache_replication_group.sessions.primary_endpoint_address'),
      files: { 'network.tf': SUBNETS },
    },
    {
      name: 'a group over every instance of a for_each subnet resource, all in one zone',
      code:
        database('') +
        group('aws_db_instance.orders.address', 'aws_subnet.app[*].id') +
        `
resource "aws_subnet" "app" {
  count             = 2
  vpc_id            = "vpc-0a1b2c3d4e5f60718"
  cidr_block        = "10.60.\${count.index + 11}.0/24"
  availability_zone = "eu-west-1a"
}
`,
    },
    {
      name: 'a read replica',
      code: database('  replicate_source_db = "orders-primary"') + group('aws_db_instance.orders.address'),
      files: { 'network.tf': SUBNETS },
    },
  ],
  invalid: [
    {
      name: 'a group over two zones whose user data names a single-AZ database',
      code: database('') + group('aws_db_instance.orders.address'),
      files: { 'network.tf': SUBNETS },
      errors: [
        {
          messageId: 'singleAzDatabase',
          severity: 'warning',
          data: { setting: 'multi_az is not set', consumers: 'aws_autoscaling_group.web' },
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 36,
          suggestions: [{ messageId: 'enableMultiAz', output: database('  multi_az          = true\n') + group('aws_db_instance.orders.address') }],
        },
      ],
    },
    {
      name: 'multi_az = false, the address passed through a local',
      code: database('  multi_az          = false') + group('local.database_host') + '\nlocals {\n  database_host = aws_db_instance.orders.endpoint\n}\n',
      files: { 'network.tf': SUBNETS },
      errors: [
        {
          messageId: 'singleAzDatabase',
          data: { setting: 'multi_az = false', consumers: 'aws_autoscaling_group.web' },
          line: 6,
          column: 23,
          endLine: 6,
          endColumn: 28,
          suggestions: [
            {
              messageId: 'enableMultiAz',
              output:
                database('  multi_az          = true') + group('local.database_host') + '\nlocals {\n  database_host = aws_db_instance.orders.endpoint\n}\n',
            },
          ],
        },
      ],
    },
    {
      name: 'a group over every instance of a for_each subnet resource',
      code:
        database('  multi_az          = false') +
        group('aws_db_instance.orders.address', '[for subnet in aws_subnet.app : subnet.id]') +
        `
resource "aws_subnet" "app" {
  for_each          = { a = "eu-west-1a", b = "eu-west-1b" }
  vpc_id            = "vpc-0a1b2c3d4e5f60718"
  cidr_block        = each.key == "a" ? "10.60.11.0/24" : "10.60.12.0/24"
  availability_zone = each.value
}
`,
      errors: [
        {
          messageId: 'singleAzDatabase',
          line: 6,
          column: 23,
          endLine: 6,
          endColumn: 28,
          suggestions: [
            {
              messageId: 'enableMultiAz',
              output:
                database('  multi_az          = true') +
                group('aws_db_instance.orders.address', '[for subnet in aws_subnet.app : subnet.id]') +
                `
resource "aws_subnet" "app" {
  for_each          = { a = "eu-west-1a", b = "eu-west-1b" }
  vpc_id            = "vpc-0a1b2c3d4e5f60718"
  cidr_block        = each.key == "a" ? "10.60.11.0/24" : "10.60.12.0/24"
  availability_zone = each.value
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a service naming its task definition by family and revision',
      code:
        SINGLE_NODE_CACHE +
        service('aws_elasticache_cluster.sessions.cache_nodes[0].address').replace(
          'aws_ecs_task_definition.api.arn',
          '"${aws_ecs_task_definition.api.family}:${aws_ecs_task_definition.api.revision}"',
        ),
      files: { 'network.tf': SUBNETS },
      errors: [{ messageId: 'singleNodeCache', line: 5, column: 21, endLine: 5, endColumn: 22 }],
    },
    {
      name: 'a service over two zones whose tasks get a one-node cache',
      code: SINGLE_NODE_CACHE + service('aws_elasticache_cluster.sessions.cache_nodes[0].address'),
      files: { 'network.tf': SUBNETS },
      errors: [
        {
          messageId: 'singleNodeCache',
          severity: 'warning',
          data: { setting: 'num_cache_nodes = 1', consumers: 'aws_ecs_service.api' },
          line: 5,
          column: 21,
          endLine: 5,
          endColumn: 22,
        },
      ],
    },
    {
      name: 'a service over two zones whose tasks get a replication group without failover',
      code: replicationGroup('  num_cache_clusters   = 1') + service('aws_elasticache_replication_group.sessions.primary_endpoint_address'),
      files: { 'network.tf': SUBNETS },
      errors: [
        {
          messageId: 'noFailoverCache',
          data: { setting: 'automatic_failover_enabled is not set', consumers: 'aws_ecs_service.api' },
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 56,
        },
      ],
    },
  ],
});

// Across a module boundary (the rule tester reads child modules from disk, so this one is a real workspace): the
// child's reference comes from the caller's argument, so the finding goes there, where the address is written.
test("aws-multi-az-service-single-az-datastore: a child module's group given its caller's single-AZ database", async () => {
  const dir = writeWorkspace({
    'main.tf': database('') + '\nmodule "web" {\n  source        = "./web"\n  database_host = aws_db_instance.orders.address\n}\n',
    'web/main.tf': 'variable "database_host" {\n  type = string\n}\n\n' + SUBNETS + group('var.database_host'),
  });
  const outcome = await scan({ paths: [dir], cwd: dir, rules: [rule] });
  assert.deepEqual(outcome.failures, []);
  assert.deepEqual(
    outcome.findings.map((f) => `${path.relative(dir, f.file)}:${f.range.start.line}:${f.range.start.column} ${f.messageId}`),
    ['main.tf:11:19 singleAzDependency'],
  );
  assert.match(
    outcome.findings[0]!.message,
    /aws_autoscaling_group\.web, spread over several zones, connects to aws_db_instance\.orders through this reference.*\(multi_az is not set\)/,
  );
});
