// The rule registry: every rule, in alphabetical order of id (a test checks the order and the file names).
import type { RuleModule } from './api';
import awsCloudfrontLegacyCookieForwarding from './aws-cloudfront-legacy-cookie-forwarding';
import awsCloudfrontSetCookieReplay from './aws-cloudfront-set-cookie-replay';
import awsCloudfrontSharedPolicyBlastRadius from './aws-cloudfront-shared-policy-blast-radius';
import awsCloudfrontStaticPathForwardsCookies from './aws-cloudfront-static-path-forwards-cookies';
import terraformS3BackendWithoutLocking from './terraform-s3-backend-without-locking';

export const RULES: readonly RuleModule[] = [
  awsCloudfrontLegacyCookieForwarding,
  awsCloudfrontSetCookieReplay,
  awsCloudfrontSharedPolicyBlastRadius,
  awsCloudfrontStaticPathForwardsCookies,
  terraformS3BackendWithoutLocking,
];
