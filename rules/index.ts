// The rule registry: every rule, in alphabetical order of id (a test checks the order and the file names).
import type { RuleModule } from './api';
import awsElasticacheQueueEvictingPolicy from './aws-elasticache-queue-evicting-policy';
import awsLambdaAsyncEventsDropped from './aws-lambda-async-events-dropped';
import awsLambdaSqsNoBackpressure from './aws-lambda-sqs-no-backpressure';
import awsLambdaStreamUnboundedRetry from './aws-lambda-stream-unbounded-retry';
import awsSqsDlqRetentionTooShort from './aws-sqs-dlq-retention-too-short';
import awsSqsNoDeadLetterQueue from './aws-sqs-no-dead-letter-queue';
import awsSqsVisibilityBelowLambdaTimeout from './aws-sqs-visibility-below-lambda-timeout';
import terraformS3BackendWithoutLocking from './terraform-s3-backend-without-locking';

export const RULES: readonly RuleModule[] = [
  awsElasticacheQueueEvictingPolicy,
  awsLambdaAsyncEventsDropped,
  awsLambdaSqsNoBackpressure,
  awsLambdaStreamUnboundedRetry,
  awsSqsDlqRetentionTooShort,
  awsSqsNoDeadLetterQueue,
  awsSqsVisibilityBelowLambdaTimeout,
  terraformS3BackendWithoutLocking,
];
