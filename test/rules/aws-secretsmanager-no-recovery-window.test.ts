import rule from '../../rules/aws-secretsmanager-no-recovery-window';
import { ruleTester } from '../support/rule-tester';

const secret = (window: string): string => `resource "aws_secretsmanager_secret" "stripe_key" {
  name                    = "payments/stripe-api-key"
  recovery_window_in_days = ${window}
}
`;

const VERSION = `
resource "aws_secretsmanager_secret_version" "stripe_key" {
  secret_id     = aws_secretsmanager_secret.stripe_key.id
  secret_string = var.stripe_api_key
}

variable "stripe_api_key" {
  type      = string
  sensitive = true
}
`;

const ROTATION = `
resource "aws_secretsmanager_secret_rotation" "stripe_key" {
  secret_id           = aws_secretsmanager_secret.stripe_key.id
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:123456789012:function:rotate-stripe-key"

  rotation_rules {
    automatically_after_days = 30
  }
}
`;

ruleTester(rule, {
  valid: [
    { name: 'the default recovery window (30 days)', code: 'resource "aws_secretsmanager_secret" "stripe_key" {\n  name = "payments/stripe-api-key"\n}\n' },
    { name: 'a seven-day recovery window', code: secret('7') },
    { name: 'no recovery window, but this configuration writes the value', code: secret('0') + VERSION },
    {
      name: 'the window from a variable without a value',
      code: secret('var.recovery_window'),
      files: { 'variables.tf': 'variable "recovery_window" {\n  type = number\n}\n' },
    },
    {
      name: 'a generated password written by this configuration',
      code:
        secret('0') +
        `
resource "random_password" "db" {
  length = 32
}

resource "aws_secretsmanager_secret_version" "stripe_key" {
  secret_id     = aws_secretsmanager_secret.stripe_key.arn
  secret_string = random_password.db.result
}
`,
    },
  ],
  invalid: [
    {
      name: 'no recovery window and the value is set outside Terraform',
      code: secret('0'),
      errors: [
        {
          messageId: 'valueElsewhere',
          severity: 'warning',
          data: { secret: 'the secret "payments/stripe-api-key"' },
          line: 3,
          column: 29,
          endLine: 3,
          endColumn: 30,
          suggestions: [{ messageId: 'keepRecoveryWindow', output: secret('7') }],
        },
      ],
    },
    {
      name: 'a rotated secret: its current value exists only in Secrets Manager',
      code: secret('0') + VERSION + ROTATION,
      errors: [
        {
          messageId: 'rotated',
          severity: 'warning',
          data: { rotation: 'aws_secretsmanager_secret_rotation.stripe_key', secret: 'the secret "payments/stripe-api-key"' },
          line: 3,
          column: 29,
          endLine: 3,
          endColumn: 30,
          suggestions: [{ messageId: 'keepRecoveryWindow', output: secret('7') + VERSION + ROTATION }],
        },
      ],
    },
    {
      name: 'the value is left to someone else through ignore_changes',
      code:
        secret('0') +
        VERSION.replace(
          '  secret_string = var.stripe_api_key\n',
          '  secret_string = "placeholder"\n\n  lifecycle {\n    ignore_changes = [secret_string]\n  }\n',
        ),
      errors: [
        {
          messageId: 'valueElsewhere',
          line: 3,
          column: 29,
          endLine: 3,
          endColumn: 30,
          suggestions: [
            {
              messageId: 'keepRecoveryWindow',
              output:
                secret('7') +
                VERSION.replace(
                  '  secret_string = var.stripe_api_key\n',
                  '  secret_string = "placeholder"\n\n  lifecycle {\n    ignore_changes = [secret_string]\n  }\n',
                ),
            },
          ],
        },
      ],
    },
    {
      name: 'the secret is handed to a module: only info',
      code: secret('0') + '\nmodule "payments" {\n  source     = "./payments"\n  secret_arn = aws_secretsmanager_secret.stripe_key.arn\n}\n',
      files: { 'payments/main.tf': 'variable "secret_arn" {\n  type = string\n}\n' },
      errors: [
        {
          messageId: 'cannotVerify',
          severity: 'info',
          data: { passed: 'module.payments', secret: 'the secret "payments/stripe-api-key"' },
          line: 3,
          column: 29,
          endLine: 3,
          endColumn: 30,
          suggestions: [
            {
              messageId: 'keepRecoveryWindow',
              output: secret('7') + '\nmodule "payments" {\n  source     = "./payments"\n  secret_arn = aws_secretsmanager_secret.stripe_key.arn\n}\n',
              // The validate harness writes the module's own folder only, not ./payments.
              validate: false,
            },
          ],
        },
      ],
    },
    {
      name: 'the window from a variable default: reported, no edit offered',
      code: secret('var.recovery_window'),
      files: { 'variables.tf': 'variable "recovery_window" {\n  type    = number\n  default = 0\n}\n' },
      errors: [{ messageId: 'valueElsewhere', line: 3, column: 29, endLine: 3, endColumn: 48 }],
    },
  ],
});
