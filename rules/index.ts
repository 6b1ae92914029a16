// The rule registry: every rule, in alphabetical order of id (a test checks the order and the file names).
import type { RuleModule } from './api';
import awsRdsClusterHeterogeneousInstances from './aws-rds-cluster-heterogeneous-instances';
import awsRdsLogicalReplicationUnboundedWal from './aws-rds-logical-replication-unbounded-wal';
import awsRdsResizeAllAtOnce from './aws-rds-resize-all-at-once';
import awsRdsStaticParameterImmediate from './aws-rds-static-parameter-immediate';
import terraformS3BackendWithoutLocking from './terraform-s3-backend-without-locking';

export const RULES: readonly RuleModule[] = [
  awsRdsClusterHeterogeneousInstances,
  awsRdsLogicalReplicationUnboundedWal,
  awsRdsResizeAllAtOnce,
  awsRdsStaticParameterImmediate,
  terraformS3BackendWithoutLocking,
];
