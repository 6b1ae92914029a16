import rule from '../../rules/aws-elasticache-queue-evicting-policy';
import { ruleTester } from '../support/rule-tester';

/** A memory alarm, so cases about the policy do not also get the alarm info. */
const ALARM = `resource "aws_cloudwatch_metric_alarm" "redis_memory" {
  alarm_name          = "redis-memory"
  namespace           = "AWS/ElastiCache"
  metric_name         = "DatabaseMemoryUsagePercentage"
  statistic           = "Maximum"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 80
  period              = 60
  evaluation_periods  = 5
}
`;

const group = (lines: string): string => `resource "aws_elasticache_parameter_group" "jobs" {
  name   = "jobs-redis7"
  family = "redis7"${lines}
}
`;

const POLICY = (value: string): string => `\n\n  parameter {\n    name  = "maxmemory-policy"\n    value = "${value}"\n  }`;

const replicationGroup = (lines: string, id = '"job-queue"', description = '"Sidekiq jobs"'): string => `resource "aws_elasticache_replication_group" "jobs" {
  replication_group_id = ${id}
  description          = ${description}
  node_type            = "cache.t4g.small"${lines}
}
`;

const USES_GROUP = '\n  parameter_group_name = aws_elasticache_parameter_group.jobs.name';
const RG_HEADER = { line: 1, column: 1, endLine: 1, endColumn: 52 };

ruleTester(rule, {
  valid: [
    { name: 'a queue on a noeviction parameter group', code: `${group(POLICY('noeviction'))}\n${replicationGroup(USES_GROUP)}\n${ALARM}` },
    {
      name: 'a session cache on the default group is not a queue',
      code: replicationGroup('\n  parameter_group_name = "default.redis7"', '"sessions"', '"web sessions"'),
    },
    {
      name: 'a memcached cluster has no maxmemory-policy',
      code: 'resource "aws_elasticache_cluster" "jobs" {\n  cluster_id      = "job-queue"\n  engine          = "memcached"\n  node_type       = "cache.t4g.small"\n  num_cache_nodes = 1\n}\n',
    },
    {
      name: "a member of a replication group takes the group's parameters",
      code: 'resource "aws_elasticache_cluster" "jobs" {\n  cluster_id           = "job-queue-2"\n  replication_group_id = "job-queue"\n}\n',
    },
    {
      name: 'a lint/role tag other than queue opts out',
      code: replicationGroup('\n  parameter_group_name = "default.redis7"\n\n  tags = {\n    "lint/role" = "cache"\n  }'),
    },
    {
      name: 'a parameter group name from a variable without a default (unknown)',
      code: `${replicationGroup('\n  parameter_group_name = var.parameter_group')}\n${ALARM}`,
      files: { 'variables.tf': 'variable "parameter_group" {\n  type = string\n}\n' },
    },
    {
      name: 'parameters from a dynamic block with an unknown for_each',
      code: `${group('\n\n  dynamic "parameter" {\n    for_each = var.parameters\n    content {\n      name  = parameter.key\n      value = parameter.value\n    }\n  }')}\n${replicationGroup(USES_GROUP)}\n${ALARM}`,
      files: { 'variables.tf': 'variable "parameters" {\n  type = map(string)\n}\n' },
    },
    {
      name: 'a parameter group made outside this module',
      code: `${replicationGroup('\n  parameter_group_name = "shared-queue-params"')}\n${ALARM}`,
    },
    {
      name: 'noeviction set through a dynamic block with a known map',
      code: `${group('\n\n  dynamic "parameter" {\n    for_each = { "maxmemory-policy" = "noeviction" }\n    content {\n      name  = parameter.key\n      value = parameter.value\n    }\n  }')}\n${replicationGroup(USES_GROUP)}\n${ALARM}`,
    },
    {
      name: 'the engine of a single-node cluster is unknown',
      code: 'resource "aws_elasticache_cluster" "jobs" {\n  cluster_id      = "job-queue"\n  engine          = var.engine\n  node_type       = "cache.t4g.small"\n  num_cache_nodes = 1\n}\n',
      files: { 'variables.tf': 'variable "engine" {\n  type = string\n}\n' },
    },
    {
      name: 'a memory alarm written with metric_query',
      code: `${group(POLICY('noeviction'))}\n${replicationGroup(USES_GROUP)}\nresource "aws_cloudwatch_metric_alarm" "redis_memory" {
  alarm_name          = "redis-memory"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 80
  evaluation_periods  = 5

  metric_query {
    id          = "memory"
    return_data = true

    metric {
      namespace   = "AWS/ElastiCache"
      metric_name = "DatabaseMemoryUsagePercentage"
      period      = 60
      stat        = "Maximum"
    }
  }
}
`,
    },
  ],
  invalid: [
    {
      name: 'a queue on the default parameter group, with no memory alarm',
      code: replicationGroup('\n  engine_version       = "7.1"\n  parameter_group_name = "default.redis7"'),
      errors: [
        { messageId: 'noMemoryAlarm', severity: 'info', ...RG_HEADER },
        {
          messageId: 'defaultGroup',
          severity: 'warning',
          line: 6,
          column: 26,
          endLine: 6,
          endColumn: 42,
          data: { group: 'the parameter group default.redis7', word: '"job" in "job-queue"', cache: 'aws_elasticache_replication_group.jobs' },
          suggestions: [
            {
              messageId: 'createParameterGroup',
              output: `${replicationGroup('\n  engine_version       = "7.1"\n  parameter_group_name = aws_elasticache_parameter_group.jobs_noeviction.name')}
resource "aws_elasticache_parameter_group" "jobs_noeviction" {
  name   = "job-queue-noeviction"
  family = "redis7"

  parameter {
    name  = "maxmemory-policy"
    value = "noeviction"
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'an evicting policy in the parameter group is underlined there',
      code: `${group(POLICY('allkeys-lru'))}\n${replicationGroup(USES_GROUP)}\n${ALARM}`,
      errors: [
        {
          messageId: 'evictingPolicy',
          line: 7,
          column: 13,
          endLine: 7,
          endColumn: 26,
          data: { policy: 'allkeys-lru', cache: 'aws_elasticache_replication_group.jobs', word: '"job" in "job-queue"' },
          suggestions: [{ messageId: 'useNoeviction', output: `${group(POLICY('noeviction'))}\n${replicationGroup(USES_GROUP)}\n${ALARM}` }],
        },
      ],
    },
    {
      name: 'a parameter group without maxmemory-policy, in its own file',
      files: { 'params.tf': group(''), 'main.tf': `${replicationGroup(USES_GROUP)}\n${ALARM}` },
      errors: [
        {
          messageId: 'groupWithoutPolicy',
          file: 'params.tf',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 50,
          suggestions: [{ messageId: 'addNoevictionParameter', file: 'params.tf', output: group(POLICY('noeviction')) }],
        },
      ],
    },
    {
      name: 'no parameter group at all: the engine default, family from engine_version',
      code: `${replicationGroup('\n  engine_version       = "6.2"')}\n${ALARM}`,
      errors: [
        {
          messageId: 'defaultGroup',
          ...RG_HEADER,
          suggestions: [
            {
              messageId: 'createParameterGroup',
              output: `${replicationGroup('\n  engine_version       = "6.2"\n  parameter_group_name = aws_elasticache_parameter_group.jobs_noeviction.name')}
resource "aws_elasticache_parameter_group" "jobs_noeviction" {
  name   = "job-queue-noeviction"
  family = "redis6.x"

  parameter {
    name  = "maxmemory-policy"
    value = "noeviction"
  }
}

${ALARM}`,
            },
          ],
        },
      ],
    },
    {
      name: 'a cluster-mode default group keeps cluster mode in the new group',
      code: `${replicationGroup('\n  num_node_groups      = 3\n  parameter_group_name = "default.redis7.cluster.on"')}\n${ALARM}`,
      errors: [
        {
          messageId: 'defaultGroup',
          line: 6,
          column: 26,
          endLine: 6,
          endColumn: 53,
          suggestions: [
            {
              messageId: 'createParameterGroup',
              output: `${replicationGroup('\n  num_node_groups      = 3\n  parameter_group_name = aws_elasticache_parameter_group.jobs_noeviction.name')}
resource "aws_elasticache_parameter_group" "jobs_noeviction" {
  name   = "job-queue-noeviction"
  family = "redis7"

  parameter {
    name  = "maxmemory-policy"
    value = "noeviction"
  }

  parameter {
    name  = "cluster-enabled"
    value = "yes"
  }
}

${ALARM}`,
            },
          ],
        },
      ],
    },
    {
      name: 'a single-node Valkey cluster for BullMQ',
      code: `resource "aws_elasticache_cluster" "bull" {
  cluster_id      = "checkout-bullmq"
  engine          = "valkey"
  engine_version  = "8.0"
  node_type       = "cache.t4g.small"
  num_cache_nodes = 1
}

${ALARM}`,
      errors: [
        {
          messageId: 'defaultGroup',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 42,
          data: { word: '"bullmq" in "checkout-bullmq"', cache: 'aws_elasticache_cluster.bull', group: "the engine's default parameter group" },
          suggestions: [
            {
              messageId: 'createParameterGroup',
              output: `resource "aws_elasticache_cluster" "bull" {
  cluster_id           = "checkout-bullmq"
  engine               = "valkey"
  engine_version       = "8.0"
  node_type            = "cache.t4g.small"
  num_cache_nodes      = 1
  parameter_group_name = aws_elasticache_parameter_group.bull_noeviction.name
}

resource "aws_elasticache_parameter_group" "bull_noeviction" {
  name   = "checkout-bullmq-noeviction"
  family = "valkey8"

  parameter {
    name  = "maxmemory-policy"
    value = "noeviction"
  }
}

${ALARM}`,
            },
          ],
        },
      ],
    },
    {
      name: 'an id with an unknown part still reads its literal words; the new name keeps the template',
      code: `${replicationGroup('\n  parameter_group_name = "default.valkey8"', '"notify-${var.env}-queue-cache"', '"Valkey cluster"')}\n${ALARM}`,
      files: { 'variables.tf': 'variable "env" {\n  type = string\n}\n' },
      errors: [
        {
          messageId: 'defaultGroup',
          data: {
            word: '"queue" in "notify-${var.env}-queue-cache"',
            cache: 'aws_elasticache_replication_group.jobs',
            group: 'the parameter group default.valkey8',
          },
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 43,
          suggestions: [
            {
              messageId: 'createParameterGroup',
              output: `${replicationGroup('\n  parameter_group_name = aws_elasticache_parameter_group.jobs_noeviction.name', '"notify-${var.env}-queue-cache"', '"Valkey cluster"')}
resource "aws_elasticache_parameter_group" "jobs_noeviction" {
  name   = "notify-\${var.env}-queue-cache-noeviction"
  family = "valkey8"

  parameter {
    name  = "maxmemory-policy"
    value = "noeviction"
  }
}

${ALARM}`,
            },
          ],
        },
      ],
    },
    {
      name: 'opted in by tag; the policy comes from a local and the group is found by its name',
      code: `locals {\n  policy = "volatile-ttl"\n}\n\nresource "aws_elasticache_parameter_group" "events" {
  name   = "events-redis7"
  family = "redis7"

  parameter {
    name  = "maxmemory-policy"
    value = local.policy
  }
}

resource "aws_elasticache_replication_group" "events" {
  replication_group_id = "events"
  description          = "event intake"
  parameter_group_name = "events-redis7"

  tags = {
    "lint/role" = "queue"
  }
}

${ALARM}`,
      errors: [
        {
          messageId: 'evictingPolicy',
          line: 11,
          column: 13,
          endLine: 11,
          endColumn: 25,
          data: { policy: 'volatile-ttl', word: 'tagged lint/role = queue', cache: 'aws_elasticache_replication_group.events' },
        },
      ],
    },
    {
      name: 'replication groups under for_each: only the queue with an evicting group is reported',
      code: `locals {
  caches = {
    sessions = "allkeys-lru"
    jobs     = "allkeys-lru"
  }
}

resource "aws_elasticache_parameter_group" "cache" {
  for_each = local.caches
  name     = "\${each.key}-params"
  family   = "redis7"

  parameter {
    name  = "maxmemory-policy"
    value = each.value
  }
}

resource "aws_elasticache_replication_group" "cache" {
  for_each             = local.caches
  replication_group_id = each.key
  description          = "\${each.key} redis"
  parameter_group_name = aws_elasticache_parameter_group.cache[each.key].name
}

${ALARM}`,
      errors: [
        {
          messageId: 'evictingPolicy',
          line: 15,
          column: 13,
          endLine: 15,
          endColumn: 23,
          data: { cache: 'aws_elasticache_replication_group.cache', word: '"jobs" in "jobs"', policy: 'allkeys-lru' },
        },
      ],
    },
    {
      name: 'alarms on other metrics do not count as a memory alarm',
      code: `${group(POLICY('noeviction'))}\n${replicationGroup(USES_GROUP)}\nresource "aws_cloudwatch_metric_alarm" "tokens" {
  alarm_name          = "llm-tokens"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 80
  evaluation_periods  = 1

  dynamic "metric_query" {
    for_each = var.enabled ? [1] : []
    content {
      id = "tokens"
      metric {
        namespace   = "AWS/Bedrock"
        metric_name = "inputTokenCount"
        period      = 300
        stat        = "Sum"
      }
    }
  }
}
`,
      files: { 'variables.tf': 'variable "enabled" {\n  type = bool\n}\n' },
      errors: [
        {
          messageId: 'noMemoryAlarm',
          severity: 'info',
          line: 11,
          column: 1,
          endLine: 11,
          endColumn: 52,
          data: { word: '"job" in "job-queue"', cache: 'aws_elasticache_replication_group.jobs' },
        },
      ],
    },
  ],
});
