// The rule registry: every rule, in alphabetical order of id (a test checks the order and the file names).
import type { RuleModule } from './api';
import envVariableDrift from './env-variable-drift';
import terraformS3BackendWithoutLocking from './terraform-s3-backend-without-locking';

export const RULES: readonly RuleModule[] = [envVariableDrift, terraformS3BackendWithoutLocking];
