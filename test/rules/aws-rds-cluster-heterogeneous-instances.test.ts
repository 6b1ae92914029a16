import rule from '../../rules/aws-rds-cluster-heterogeneous-instances';
import { ruleTester } from '../support/rule-tester';

const CLUSTER = `resource "aws_rds_cluster" "app" {
  cluster_identifier          = "app"
  engine                      = "aurora-postgresql"
  master_username             = "app"
  manage_master_user_password = true
}
`;

/** One `aws_rds_cluster_instance` with the given extra lines (each indented by two). */
const member = (name: string, lines: string, cluster = 'aws_rds_cluster.app.id'): string => `resource "aws_rds_cluster_instance" "${name}" {
  identifier         = "app-${name}"
  cluster_identifier = ${cluster}
  engine             = "aurora-postgresql"
${lines}
}
`;

const cls = (instanceClass: string, tier?: number): string =>
  `  instance_class     = ${instanceClass}` + (tier === undefined ? '' : `\n  promotion_tier     = ${tier}`);

const FOR_EACH_CLUSTERS = (clusters: string): string => `resource "aws_rds_cluster" "this" {
  for_each                    = ${clusters}
  cluster_identifier          = each.key
  engine                      = "aurora-postgresql"
  master_username             = "app"
  manage_master_user_password = true
}

resource "aws_rds_cluster_instance" "this" {
  for_each           = local.members
  identifier         = each.key
  cluster_identifier = aws_rds_cluster.this[each.value.cluster].id
  engine             = "aurora-postgresql"
  instance_class     = each.value.class
}
`;

const MEMBERS_BY_CLUSTER = `locals {
  members = {
    app-1     = { cluster = "app", class = "db.r6g.4xlarge" }
    app-2     = { cluster = "app", class = "db.r6g.4xlarge" }
    reports-1 = { cluster = "reports", class = "db.r6g.large" }
  }
}
`;

ruleTester(rule, {
  valid: [
    {
      name: 'one for_each group with one class',
      code: `${CLUSTER}
resource "aws_rds_cluster_instance" "member" {
  for_each           = toset(["app-1", "app-2"])
  identifier         = each.key
  cluster_identifier = aws_rds_cluster.app.id
  engine             = aws_rds_cluster.app.engine
  instance_class     = "db.r6g.4xlarge"
  promotion_tier     = 1
}
`,
    },
    {
      name: 'separate members with one class from a variable',
      code: `${CLUSTER}\n${member('writer', cls('var.db_class', 0))}\n${member('reader', cls('var.db_class', 1))}`,
      files: { 'variables.tf': 'variable "db_class" {\n  type    = string\n  default = "db.r6g.xlarge"\n}\n' },
    },
    {
      name: 'different classes in different clusters',
      code: `${CLUSTER}\n${CLUSTER.replace(/"app"/g, '"reports"').replace('aws_rds_cluster" "app', 'aws_rds_cluster" "reports')}\n${member('app', cls('"db.r6g.4xlarge"'))}\n${member('reports', cls('"db.r6g.large"'), 'aws_rds_cluster.reports.id')}`,
    },
    {
      name: 'clusters and members under for_each: each cluster is alike',
      code: FOR_EACH_CLUSTERS('toset(["app", "reports"])'),
      files: { 'locals.tf': MEMBERS_BY_CLUSTER },
    },
    {
      name: 'clusters under a for_each we cannot read are not mixed together',
      code: FOR_EACH_CLUSTERS('var.clusters'),
      files: { 'locals.tf': MEMBERS_BY_CLUSTER, 'variables.tf': 'variable "clusters" {\n  type = set(string)\n}\n' },
    },
    {
      name: 'the odd member is set apart: tier 15 and a custom endpoint',
      code: `${CLUSTER}\n${member('writer', cls('"db.r6g.4xlarge"', 0))}\n${member('reader', cls('"db.r6g.4xlarge"', 1))}\n${member('analytics', cls('"db.r6g.8xlarge"', 15))}
resource "aws_rds_cluster_endpoint" "analytics" {
  cluster_identifier          = aws_rds_cluster.app.id
  cluster_endpoint_identifier = "analytics"
  custom_endpoint_type        = "READER"
  static_members              = [aws_rds_cluster_instance.analytics.id]
}
`,
    },
    {
      name: 'the odd member excluded from the general endpoint by identifier',
      code: `${CLUSTER}\n${member('writer', cls('"db.r6g.2xlarge"', 0))}\n${member('reader', cls('"db.r6g.2xlarge"', 1))}\n${member('batch', cls('"db.r6g.large"', 15))}
resource "aws_rds_cluster_endpoint" "general" {
  cluster_identifier          = aws_rds_cluster.app.id
  cluster_endpoint_identifier = "general"
  custom_endpoint_type        = "READER"
  excluded_members            = ["app-batch"]
}
`,
    },
    {
      name: 'a class we cannot know is not compared',
      code: `${CLUSTER}\n${member('writer', cls('"db.r6g.4xlarge"', 0))}\n${member('reader', cls('var.reader_class', 1))}`,
      files: { 'variables.tf': 'variable "reader_class" {\n  type = string\n}\n' },
    },
    {
      name: 'Serverless v2 readers beside a provisioned writer',
      code: `${CLUSTER}\n${member('writer', cls('"db.r6g.xlarge"', 0))}\n${member('reader', cls('"db.serverless"', 1))}`,
    },
    {
      name: 'a cluster identifier we cannot know',
      code: `${member('writer', cls('"db.r6g.4xlarge"'), 'var.cluster_id')}\n${member('reader', cls('"db.r6g.large"'), 'var.cluster_id')}`,
      files: { 'variables.tf': 'variable "cluster_id" {\n  type = string\n}\n' },
    },
    {
      name: 'one parameter group, by reference and by its name',
      code: `${CLUSTER}
resource "aws_db_parameter_group" "app" {
  name   = "app-instances"
  family = "aurora-postgresql16"
}
${member('writer', `${cls('"db.r6g.large"')}\n  db_parameter_group_name = aws_db_parameter_group.app.name`)}\n${member('reader', `${cls('"db.r6g.large"')}\n  db_parameter_group_name = "app-instances"`)}`,
    },
    {
      name: 'a parameter group we cannot know is not compared',
      code: `${CLUSTER}\n${member('writer', `${cls('"db.r6g.large"')}\n  db_parameter_group_name = var.group`)}\n${member('reader', cls('"db.r6g.large"'))}`,
      files: { 'variables.tf': 'variable "group" {\n  type = string\n}\n' },
    },
  ],
  invalid: [
    {
      name: 'a smaller reader with a better tier than the writer can become the writer',
      code: `${CLUSTER}\n${member('writer', cls('"db.r6g.4xlarge"', 1))}\n${member('reader', cls('"db.r6g.large"', 0))}`,
      errors: [
        {
          messageId: 'smallerCanBecomeWriter',
          data: { instanceClass: 'db.r6g.large', largestClass: 'db.r6g.4xlarge' },
          line: 20,
          column: 24,
          endLine: 20,
          endColumn: 38,
        },
      ],
    },
    {
      name: 'a smaller reader with the default tier 0 beside members with tier 1',
      code: `${CLUSTER}\n${member('a', cls('"db.r6g.2xlarge"', 1))}\n${member('b', cls('"db.r6g.2xlarge"', 1))}\n${member('c', cls('"db.r6g.large"'))}`,
      errors: [{ messageId: 'smallerCanBecomeWriter', line: 28, column: 24, endLine: 28, endColumn: 38 }],
    },
    {
      name: 'a smaller reader behind the writer in failover order is still a mixed class',
      code: `${CLUSTER}\n${member('writer', cls('"db.r6g.4xlarge"', 0))}\n${member('reader', cls('"db.r6g.4xlarge"', 1))}\n${member('reports', cls('"db.r6g.large"', 5))}`,
      errors: [
        { messageId: 'mixedClass', data: { instanceClass: 'db.r6g.large', mainClass: 'db.r6g.4xlarge' }, line: 28, column: 24, endLine: 28, endColumn: 38 },
      ],
    },
    {
      name: 'a tier of 15 without a custom endpoint is not set apart',
      code: `${CLUSTER}\n${member('writer', cls('"db.r6g.4xlarge"', 0))}\n${member('reader', cls('"db.r6g.4xlarge"', 1))}\n${member('analytics', cls('"db.r6g.8xlarge"', 15))}`,
      errors: [
        { messageId: 'mixedClass', data: { instanceClass: 'db.r6g.8xlarge', mainClass: 'db.r6g.4xlarge' }, line: 28, column: 24, endLine: 28, endColumn: 40 },
      ],
    },
    {
      name: 'a count group from a variable and a separate smaller reader (tfvars)',
      code: `${CLUSTER}
resource "aws_rds_cluster_instance" "app" {
  count              = 3
  identifier         = "app-\${count.index}"
  cluster_identifier = aws_rds_cluster.app.id
  engine             = "aurora-postgresql"
  instance_class     = var.app_class
  promotion_tier     = 1
}
${member('reporting', cls('"db.r6g.large"', 1))}`,
      files: {
        'variables.tf': 'variable "app_class" {\n  type    = string\n  default = "db.r6g.large"\n}\n',
        'terraform.tfvars': 'app_class = "db.r6g.4xlarge"\n',
      },
      errors: [{ messageId: 'smallerCanBecomeWriter', line: 20, column: 24, endLine: 20, endColumn: 38 }],
    },
    {
      name: 'for_each over a map whose classes differ',
      code: `${CLUSTER}
resource "aws_rds_cluster_instance" "member" {
  for_each           = local.members
  identifier         = "app-\${each.key}"
  cluster_identifier = aws_rds_cluster.app.id
  engine             = "aurora-postgresql"
  instance_class     = each.value.class
  promotion_tier     = each.value.tier
}
`,
      files: {
        'locals.tf':
          'locals {\n  members = {\n    a = { class = "db.r7g.2xlarge", tier = 0 }\n    b = { class = "db.r7g.2xlarge", tier = 1 }\n    c = { class = "db.r7g.xlarge", tier = 1 }\n  }\n}\n',
      },
      errors: [
        { messageId: 'mixedClass', data: { instanceClass: 'db.r7g.xlarge', mainClass: 'db.r7g.2xlarge' }, line: 13, column: 24, endLine: 13, endColumn: 40 },
      ],
    },
    {
      name: 'classes of two families are mixed, without a size comparison',
      code: `${CLUSTER}\n${member('writer', cls('"db.r6g.2xlarge"', 0))}\n${member('reader', cls('"db.r5.large"', 0))}`,
      errors: [{ messageId: 'mixedClass', line: 20, column: 24, endLine: 20, endColumn: 37 }],
    },
    {
      name: 'members in several files that name the cluster by a literal identifier',
      files: {
        'writer.tf': member('writer', cls('"db.r6g.4xlarge"'), '"app"'),
        'reader.tf': member('reader', cls('"db.r6g.large"', 2), '"app"'),
      },
      errors: [{ file: 'reader.tf', messageId: 'mixedClass', line: 5, column: 24, endLine: 5, endColumn: 38 }],
    },
    {
      name: 'one member on the default parameter group, the others on a custom one',
      code: `${CLUSTER}
resource "aws_db_parameter_group" "app" {
  name   = "app-instances"
  family = "aurora-postgresql16"
}
${member('writer', `${cls('"db.r6g.large"')}\n  db_parameter_group_name = aws_db_parameter_group.app.name`)}\n${member('reader', cls('"db.r6g.large"'))}`,
      errors: [
        {
          messageId: 'mixedParameterGroup',
          data: { group: 'the engine default', mainGroup: 'app-instances' },
          line: 20,
          column: 1,
          endLine: 20,
          endColumn: 45,
        },
      ],
    },
    {
      name: 'two custom parameter groups: the minority is underlined',
      code: `${CLUSTER}\n${member('a', `${cls('"db.r6g.large"')}\n  db_parameter_group_name = "app-tuned"`)}\n${member('b', `${cls('"db.r6g.large"')}\n  db_parameter_group_name = "app-debug"`)}\n${member('c', `${cls('"db.r6g.large"')}\n  db_parameter_group_name = "app-tuned"`)}`,
      errors: [{ messageId: 'mixedParameterGroup', data: { group: 'app-debug', mainGroup: 'app-tuned' }, line: 21, column: 29, endLine: 21, endColumn: 40 }],
    },
  ],
});
