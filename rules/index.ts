// The rule registry: every rule, in alphabetical order of id (a test checks the order and the file names).
import type { RuleModule } from './api';
import awsAutoscalingSingleInstanceOrZone from './aws-autoscaling-single-instance-or-zone';
import awsAutoscalingUnpinnedLaunchTemplate from './aws-autoscaling-unpinned-launch-template';
import awsHardcodedAmiId from './aws-hardcoded-ami-id';
import awsSecurityGroupByName from './aws-security-group-by-name';
import terraformS3BackendWithoutLocking from './terraform-s3-backend-without-locking';

export const RULES: readonly RuleModule[] = [
  awsAutoscalingSingleInstanceOrZone,
  awsAutoscalingUnpinnedLaunchTemplate,
  awsHardcodedAmiId,
  awsSecurityGroupByName,
  terraformS3BackendWithoutLocking,
];
