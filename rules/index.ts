// The rule registry: every rule, in alphabetical order of id (a test checks the order and the file names).
import type { RuleModule } from './api';
import awsAutoscalingSingleInstanceOrZone from './aws-autoscaling-single-instance-or-zone';
import awsAutoscalingUnpinnedLaunchTemplate from './aws-autoscaling-unpinned-launch-template';
import awsCloudfrontLegacyCookieForwarding from './aws-cloudfront-legacy-cookie-forwarding';
import awsCloudfrontSetCookieReplay from './aws-cloudfront-set-cookie-replay';
import awsCloudfrontSharedPolicyBlastRadius from './aws-cloudfront-shared-policy-blast-radius';
import awsCloudfrontStaticPathForwardsCookies from './aws-cloudfront-static-path-forwards-cookies';
import awsDlmAmiRetentionInUse from './aws-dlm-ami-retention-in-use';
import awsEcrLifecycleExpiresDeployedImages from './aws-ecr-lifecycle-expires-deployed-images';
import awsEcrUntaggedExpiryMutableTags from './aws-ecr-untagged-expiry-mutable-tags';
import awsHardcodedAmiId from './aws-hardcoded-ami-id';
import awsRoute53RecordMultipleOwners from './aws-route53-record-multiple-owners';
import awsSecurityGroupByName from './aws-security-group-by-name';
import terraformS3BackendWithoutLocking from './terraform-s3-backend-without-locking';
import terraformStateBucketExpiresState from './terraform-state-bucket-expires-state';

export const RULES: readonly RuleModule[] = [
  awsAutoscalingSingleInstanceOrZone,
  awsAutoscalingUnpinnedLaunchTemplate,
  awsCloudfrontLegacyCookieForwarding,
  awsCloudfrontSetCookieReplay,
  awsCloudfrontSharedPolicyBlastRadius,
  awsCloudfrontStaticPathForwardsCookies,
  awsDlmAmiRetentionInUse,
  awsEcrLifecycleExpiresDeployedImages,
  awsEcrUntaggedExpiryMutableTags,
  awsHardcodedAmiId,
  awsRoute53RecordMultipleOwners,
  awsSecurityGroupByName,
  terraformS3BackendWithoutLocking,
  terraformStateBucketExpiresState,
];
