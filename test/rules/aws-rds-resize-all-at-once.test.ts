import rule from '../../rules/aws-rds-resize-all-at-once';
import { ruleTester } from '../support/rule-tester';

const CLUSTER = `resource "aws_rds_cluster" "app" {
  cluster_identifier          = "app"
  engine                      = "aurora-postgresql"
  master_username             = "app"
  manage_master_user_password = true
}
`;

const CLASS_VARIABLE = 'variable "db_class" {\n  type    = string\n  default = "db.r6g.2xlarge"\n}\n';

/** A counted or for_each group of members with the given extra lines (each indented by two). */
const group = (name: string, expansion: string, lines: string): string => `resource "aws_rds_cluster_instance" "${name}" {
  ${expansion}
  identifier         = "app-${name}-\${${expansion.startsWith('count') ? 'count.index' : 'each.key'}}"
  cluster_identifier = aws_rds_cluster.app.id
  engine             = aws_rds_cluster.app.engine
${lines}
}
`;

/** One separately declared member. */
const single = (name: string, lines: string): string => `resource "aws_rds_cluster_instance" "${name}" {
  identifier         = "app-${name}"
  cluster_identifier = aws_rds_cluster.app.id
  engine             = aws_rds_cluster.app.engine
${lines}
}
`;

const IMMEDIATE_BY_VARIABLE = '  instance_class     = var.db_class\n  apply_immediately  = true';

ruleTester(rule, {
  valid: [
    {
      name: 'the writer and the readers each have their own class variable',
      code: `${CLUSTER}\n${single('writer', '  instance_class     = var.writer_class\n  promotion_tier     = 0\n  apply_immediately  = true')}\n${group('reader', 'count = 2', '  instance_class     = var.reader_class\n  promotion_tier     = 1\n  apply_immediately  = true')}`,
      files: { 'variables.tf': 'variable "writer_class" {\n  default = "db.r6g.2xlarge"\n}\n\nvariable "reader_class" {\n  default = "db.r6g.2xlarge"\n}\n' },
    },
    {
      name: 'changes wait for the maintenance window',
      code: `${CLUSTER}\n${group('db', 'count = 3', '  instance_class     = var.db_class')}`,
      files: { 'variables.tf': CLASS_VARIABLE },
    },
    {
      name: 'a single instance under count',
      code: `${CLUSTER}\n${group('db', 'count = 1', IMMEDIATE_BY_VARIABLE)}`,
      files: { 'variables.tf': CLASS_VARIABLE },
    },
    {
      name: 'a class per element of for_each',
      code: `${CLUSTER}\n${group('db', 'for_each = var.members', '  instance_class     = each.value\n  apply_immediately  = true')}`,
      files: { 'variables.tf': 'variable "members" {\n  default = {\n    a = "db.r6g.2xlarge"\n    b = "db.r6g.2xlarge"\n  }\n}\n' },
    },
    {
      name: 'apply_immediately we cannot know',
      code: `${CLUSTER}\n${group('db', 'count = 3', '  instance_class     = var.db_class\n  apply_immediately  = var.apply_now')}`,
      files: { 'variables.tf': `${CLASS_VARIABLE}\nvariable "apply_now" {\n  type = bool\n}\n` },
    },
    {
      name: 'Serverless v2 members scale without a restart',
      code: `${CLUSTER}\n${group('db', 'count = 3', '  instance_class     = "db.serverless"\n  apply_immediately  = true')}`,
    },
    {
      name: 'the readers resize together but the writer is apart with a better tier',
      code: `${CLUSTER}\n${single('writer', '  instance_class     = "db.r6g.2xlarge"\n  promotion_tier     = 0')}\n${group('reader', 'count = 2', '  instance_class     = var.db_class\n  promotion_tier     = 1\n  apply_immediately  = true')}`,
      files: { 'variables.tf': CLASS_VARIABLE },
    },
    {
      name: 'the writer tier is unknown, so the group may not hold it',
      code: `${CLUSTER}\n${single('writer', '  instance_class     = "db.r6g.2xlarge"\n  promotion_tier     = var.writer_tier')}\n${group('reader', 'count = 2', '  instance_class     = var.db_class\n  promotion_tier     = 1\n  apply_immediately  = true')}`,
      files: { 'variables.tf': `${CLASS_VARIABLE}\nvariable "writer_tier" {\n  type = number\n}\n` },
    },
    {
      name: 'separate members with literal classes are separate edits',
      code: `${CLUSTER}\n${single('a', '  instance_class     = "db.r6g.2xlarge"\n  apply_immediately  = true')}\n${single('b', '  instance_class     = "db.r6g.2xlarge"\n  apply_immediately  = true')}`,
    },
  ],
  invalid: [
    {
      name: 'three members under count from one variable, applied immediately',
      code: `${CLUSTER}\n${group('db', 'count = 3', IMMEDIATE_BY_VARIABLE)}`,
      files: { 'variables.tf': CLASS_VARIABLE },
      errors: [{ messageId: 'resizeAllAtOnce', severity: 'warning', line: 14, column: 24, endLine: 14, endColumn: 28 }],
    },
    {
      name: 'a literal class under for_each over a tfvars list',
      code: `${CLUSTER}\n${group('db', 'for_each = toset(var.names)', '  instance_class     = "db.r6g.2xlarge"\n  apply_immediately  = true')}`,
      files: { 'variables.tf': 'variable "names" {\n  type    = list(string)\n  default = ["a"]\n}\n', 'terraform.tfvars': 'names = ["a", "b", "c"]\n' },
      errors: [{ messageId: 'resizeAllAtOnce', line: 14, column: 24, endLine: 14, endColumn: 28 }],
    },
    {
      name: 'a writer and a reader declared apart share one local and apply immediately',
      code: `${CLUSTER}\n${single('writer', '  instance_class     = local.db_class\n  promotion_tier     = 0\n  apply_immediately  = true')}\n${single('reader', '  instance_class     = local.db_class\n  promotion_tier     = 1\n  apply_immediately  = true')}`,
      files: { 'locals.tf': 'locals {\n  db_class = "db.r6g.xlarge"\n}\n' },
      errors: [{ messageId: 'resizeAllAtOnce', line: 14, column: 24, endLine: 14, endColumn: 28 }],
    },
    {
      name: 'apply_immediately through a local, members in another file',
      files: {
        'cluster.tf': CLUSTER,
        'instances.tf': group('db', 'count = local.size', '  instance_class     = var.db_class\n  apply_immediately  = local.apply_now'),
        'locals.tf': 'locals {\n  size      = 2\n  apply_now = true\n}\n',
        'variables.tf': CLASS_VARIABLE,
      },
      errors: [{ file: 'instances.tf', messageId: 'resizeAllAtOnce', line: 7, column: 24, endLine: 7, endColumn: 39 }],
    },
    {
      name: 'an auto.tfvars file turns apply_immediately on',
      code: `${CLUSTER}\n${group('db', 'count = 2', '  instance_class     = var.db_class\n  apply_immediately  = var.apply_now')}`,
      files: { 'variables.tf': `${CLASS_VARIABLE}\nvariable "apply_now" {\n  type    = bool\n  default = false\n}\n`, 'ops.auto.tfvars': 'apply_now = true\n' },
      errors: [{ messageId: 'resizeAllAtOnce', line: 14, column: 24, endLine: 14, endColumn: 37 }],
    },
    {
      name: 'a count we cannot know is info',
      code: `${CLUSTER}\n${group('db', 'count = var.instance_count', IMMEDIATE_BY_VARIABLE)}`,
      files: { 'variables.tf': `${CLASS_VARIABLE}\nvariable "instance_count" {\n  type = number\n}\n` },
      errors: [{ messageId: 'resizeAllAtOnceIfSeveral', severity: 'info', line: 14, column: 24, endLine: 14, endColumn: 28 }],
    },
  ],
});
