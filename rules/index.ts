// The rule registry: every rule, in alphabetical order of id (a test checks the order and the file names).
import type { RuleModule } from './api';
import awsAutoscalingSingleInstanceOrZone from './aws-autoscaling-single-instance-or-zone';
import awsAutoscalingUnpinnedLaunchTemplate from './aws-autoscaling-unpinned-launch-template';
import awsBackupVaultUnprotected from './aws-backup-vault-unprotected';
import awsCloudfrontLegacyCookieForwarding from './aws-cloudfront-legacy-cookie-forwarding';
import awsCloudfrontSetCookieReplay from './aws-cloudfront-set-cookie-replay';
import awsCloudfrontSharedPolicyBlastRadius from './aws-cloudfront-shared-policy-blast-radius';
import awsCloudfrontStaticPathForwardsCookies from './aws-cloudfront-static-path-forwards-cookies';
import awsDlmAmiRetentionInUse from './aws-dlm-ami-retention-in-use';
import awsDynamodbTableNoRecovery from './aws-dynamodb-table-no-recovery';
import awsEcrLifecycleExpiresDeployedImages from './aws-ecr-lifecycle-expires-deployed-images';
import awsEcrUntaggedExpiryMutableTags from './aws-ecr-untagged-expiry-mutable-tags';
import awsElasticacheQueueEvictingPolicy from './aws-elasticache-queue-evicting-policy';
import awsHardcodedAmiId from './aws-hardcoded-ami-id';
import awsKmsShortDeletionWindow from './aws-kms-short-deletion-window';
import awsLambdaAsyncEventsDropped from './aws-lambda-async-events-dropped';
import awsLambdaSqsNoBackpressure from './aws-lambda-sqs-no-backpressure';
import awsLambdaStreamUnboundedRetry from './aws-lambda-stream-unbounded-retry';
import awsPlanCapacityCut from './aws-plan-capacity-cut';
import awsPlanDestroysStatefulData from './aws-plan-destroys-stateful-data';
import awsPlanReplaceDeleteFirstBehindTraffic from './aws-plan-replace-delete-first-behind-traffic';
import awsRdsBackupsDisabled from './aws-rds-backups-disabled';
import awsRdsClusterHeterogeneousInstances from './aws-rds-cluster-heterogeneous-instances';
import awsRdsLogicalReplicationUnboundedWal from './aws-rds-logical-replication-unbounded-wal';
import awsRdsResizeAllAtOnce from './aws-rds-resize-all-at-once';
import awsRdsStaticParameterImmediate from './aws-rds-static-parameter-immediate';
import awsRdsUnrecoverableDelete from './aws-rds-unrecoverable-delete';
import awsRoute53RecordMultipleOwners from './aws-route53-record-multiple-owners';
import awsSecretsmanagerNoRecoveryWindow from './aws-secretsmanager-no-recovery-window';
import awsSecurityGroupByName from './aws-security-group-by-name';
import awsSqsDlqRetentionTooShort from './aws-sqs-dlq-retention-too-short';
import awsSqsNoDeadLetterQueue from './aws-sqs-no-dead-letter-queue';
import awsSqsVisibilityBelowLambdaTimeout from './aws-sqs-visibility-below-lambda-timeout';
import azureDatabaseBackupsSingleRegion from './azure-database-backups-single-region';
import azureKeyVaultPurgeable from './azure-key-vault-purgeable';
import azureStorageContainerNoSoftDelete from './azure-storage-container-no-soft-delete';
import envVariableDrift from './env-variable-drift';
import googleGkeClusterDeletionUnprotected from './google-gke-cluster-deletion-unprotected';
import googleSqlInstanceUnrecoverableDelete from './google-sql-instance-unrecoverable-delete';
import terraformS3BackendWithoutLocking from './terraform-s3-backend-without-locking';
import terraformStateBucketExpiresState from './terraform-state-bucket-expires-state';

export const RULES: readonly RuleModule[] = [
  awsAutoscalingSingleInstanceOrZone,
  awsAutoscalingUnpinnedLaunchTemplate,
  awsBackupVaultUnprotected,
  awsCloudfrontLegacyCookieForwarding,
  awsCloudfrontSetCookieReplay,
  awsCloudfrontSharedPolicyBlastRadius,
  awsCloudfrontStaticPathForwardsCookies,
  awsDlmAmiRetentionInUse,
  awsDynamodbTableNoRecovery,
  awsEcrLifecycleExpiresDeployedImages,
  awsEcrUntaggedExpiryMutableTags,
  awsElasticacheQueueEvictingPolicy,
  awsHardcodedAmiId,
  awsKmsShortDeletionWindow,
  awsLambdaAsyncEventsDropped,
  awsLambdaSqsNoBackpressure,
  awsLambdaStreamUnboundedRetry,
  awsPlanCapacityCut,
  awsPlanDestroysStatefulData,
  awsPlanReplaceDeleteFirstBehindTraffic,
  awsRdsBackupsDisabled,
  awsRdsClusterHeterogeneousInstances,
  awsRdsLogicalReplicationUnboundedWal,
  awsRdsResizeAllAtOnce,
  awsRdsStaticParameterImmediate,
  awsRdsUnrecoverableDelete,
  awsRoute53RecordMultipleOwners,
  awsSecretsmanagerNoRecoveryWindow,
  awsSecurityGroupByName,
  awsSqsDlqRetentionTooShort,
  awsSqsNoDeadLetterQueue,
  awsSqsVisibilityBelowLambdaTimeout,
  azureDatabaseBackupsSingleRegion,
  azureKeyVaultPurgeable,
  azureStorageContainerNoSoftDelete,
  envVariableDrift,
  googleGkeClusterDeletionUnprotected,
  googleSqlInstanceUnrecoverableDelete,
  terraformS3BackendWithoutLocking,
  terraformStateBucketExpiresState,
];
