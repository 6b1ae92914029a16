import rule from '../../rules/aws-route53-record-multiple-owners';
import { ruleTester } from '../support/rule-tester';

const ZONE = `resource "aws_route53_zone" "main" {
  name = "shop.example"
}
`;

/** A CNAME in the main zone; `extra` goes after the records line. */
const record = (label: string, name: string, extra = ''): string => `
resource "aws_route53_record" "${label}" {
  zone_id = aws_route53_zone.main.zone_id
  name    = ${name}
  type    = "CNAME"
  ttl     = 60
  records = ["${label}.lb.example"]${extra}
}
`;

const FORGET_BLUE = `removed {
  from = aws_route53_record.blue

  lifecycle {
    destroy = false
  }
}`;

const FORGET_GREEN = FORGET_BLUE.replace('blue', 'green');

ruleTester(rule, {
  valid: [
    { name: 'two records with different names', code: ZONE + record('blue', '"blue.shop.example"') + record('green', '"green.shop.example"') },
    {
      name: 'the same name with different types',
      code:
        ZONE +
        record('cname', '"api.shop.example"') +
        `
resource "aws_route53_record" "txt" {
  zone_id = aws_route53_zone.main.zone_id
  name    = "api.shop.example"
  type    = "TXT"
  ttl     = 60
  records = ["owner=payments"]
}
`,
    },
    {
      name: 'a weighted pair: same name, different set_identifier',
      code:
        ZONE +
        record('blue', '"api.shop.example"', '\n  set_identifier = "blue"\n  weighted_routing_policy {\n    weight = 100\n  }') +
        record('green', '"api.shop.example"', '\n  set_identifier = "green"\n  weighted_routing_policy {\n    weight = 0\n  }'),
    },
    {
      name: 'the same name in a public and a private zone',
      code: `resource "aws_route53_zone" "public" {
  name = "shop.example"
}

resource "aws_route53_zone" "private" {
  name = "shop.example"
  vpc {
    vpc_id = "vpc-0a1b2c3d"
  }
}

resource "aws_route53_record" "public_api" {
  zone_id = aws_route53_zone.public.zone_id
  name    = "api"
  type    = "A"
  ttl     = 60
  records = ["203.0.113.10"]
}

resource "aws_route53_record" "private_api" {
  zone_id = aws_route53_zone.private.zone_id
  name    = "api"
  type    = "A"
  ttl     = 60
  records = ["10.0.0.10"]
}
`,
    },
    {
      name: 'mutually exclusive counts on a variable without a value stay silent',
      code:
        ZONE +
        record('blue', '"api.shop.example"', '\n  count   = var.blue_live ? 1 : 0') +
        record('green', '"api.shop.example"', '\n  count   = var.blue_live ? 0 : 1'),
      files: { 'variables.tf': 'variable "blue_live" {\n  type = bool\n}\n' },
    },
    {
      name: 'mutually exclusive counts resolved by terraform.tfvars: only one record exists',
      code:
        ZONE +
        record('blue', '"api.shop.example"', '\n  count   = var.blue_live ? 1 : 0') +
        record('green', '"api.shop.example"', '\n  count   = var.blue_live ? 0 : 1'),
      files: { 'variables.tf': 'variable "blue_live" {\n  type = bool\n}\n', 'terraform.tfvars': 'blue_live = true\n' },
    },
    {
      name: 'for_each over names builds one record per key',
      code: ZONE + record('site', 'each.key', '\n  for_each = toset(["www.shop.example", "shop.example"])'),
    },
    { name: 'allow_overwrite = false', code: ZONE + record('blue', '"api.shop.example"', '\n  allow_overwrite = false') },
    {
      name: 'allow_overwrite from a variable without a value stays silent',
      code: ZONE + record('blue', '"api.shop.example"', '\n  allow_overwrite = var.take_over'),
      files: { 'variables.tf': 'variable "take_over" {\n  type = bool\n}\n' },
    },
    {
      name: 'ACM validation records may overwrite: every owner writes the same value',
      code: `resource "aws_acm_certificate" "site" {
  domain_name               = "shop.example"
  subject_alternative_names = ["*.shop.example"]
  validation_method         = "DNS"
}

data "aws_route53_zone" "main" {
  name = "shop.example"
}

resource "aws_route53_record" "validation" {
  for_each = {
    for dvo in aws_acm_certificate.site.domain_validation_options : dvo.domain_name => dvo
  }
  allow_overwrite = true
  zone_id         = data.aws_route53_zone.main.zone_id
  name            = each.value.resource_record_name
  type            = each.value.resource_record_type
  ttl             = 60
  records         = [each.value.resource_record_value]
}
`,
    },
    {
      name: 'the zone apex SOA and NS records need allow_overwrite',
      code:
        ZONE +
        `
resource "aws_route53_record" "soa" {
  zone_id         = aws_route53_zone.main.zone_id
  name            = aws_route53_zone.main.name
  type            = "SOA"
  ttl             = 900
  records         = ["ns-1.awsdns-00.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"]
  allow_overwrite = true
}

resource "aws_route53_record" "ns" {
  zone_id         = aws_route53_zone.main.zone_id
  name            = "shop.example."
  type            = "NS"
  ttl             = 172800
  records         = aws_route53_zone.main.name_servers
  allow_overwrite = true
}
`,
    },
    {
      name: 'names that differ only under a for_each with unknown keys stay silent',
      code: ZONE + record('site', '"${each.key}.shop.example"', '\n  for_each = var.sites'),
      files: { 'variables.tf': 'variable "sites" {\n  type = set(string)\n}\n' },
    },
  ],
  invalid: [
    {
      name: 'two resources own the same record: a relative name and its FQDN with a trailing dot',
      code: ZONE + record('blue', '"api"') + record('green', '"API.shop.example."'),
      errors: [
        {
          messageId: 'duplicateOwner',
          severity: 'error',
          line: 7,
          column: 13,
          endLine: 7,
          endColumn: 18,
          data: { others: 'aws_route53_record.green', record: '"api.shop.example" (CNAME)' },
          suggestions: [{ messageId: 'forgetDuplicate', output: ZONE + '\n' + FORGET_BLUE + '\n' + record('green', '"API.shop.example."') }],
        },
        {
          messageId: 'duplicateOwner',
          severity: 'error',
          line: 15,
          column: 13,
          endLine: 15,
          endColumn: 32,
          data: { others: 'aws_route53_record.blue', record: '"api.shop.example" (CNAME)' },
          suggestions: [{ messageId: 'forgetDuplicate', output: ZONE + record('blue', '"api"') + '\n' + FORGET_GREEN + '\n' }],
        },
      ],
    },
    {
      name: 'owners in two files, one name built from a local (the example shape)',
      files: {
        'zone.tf': ZONE + 'locals {\n  domain = "shop.example"\n}\n',
        'planner.tf': record('blue', '"api.shop.example"', '\n  allow_overwrite = true'),
        'failover.tf': record('green', '"api.${local.domain}"', '\n  allow_overwrite = true'),
      },
      errors: [
        {
          messageId: 'duplicateOwner',
          file: 'failover.tf',
          severity: 'error',
          line: 4,
          column: 13,
          endLine: 4,
          endColumn: 34,
          suggestions: [{ messageId: 'forgetDuplicate', file: 'failover.tf', output: '\n' + FORGET_GREEN + '\n' }],
        },
        {
          messageId: 'duplicateOwner',
          file: 'planner.tf',
          severity: 'error',
          line: 4,
          column: 13,
          endLine: 4,
          endColumn: 31,
          suggestions: [{ messageId: 'forgetDuplicate', file: 'planner.tf', output: '\n' + FORGET_BLUE + '\n' }],
        },
      ],
    },
    {
      name: 'a name from a variable without a value: the same text is compared, and it is a warning',
      code: ZONE + record('blue', 'var.api_name') + record('green', 'var.api_name'),
      files: { 'variables.tf': 'variable "api_name" {\n  type = string\n}\n' },
      errors: [
        {
          messageId: 'duplicateOwner',
          severity: 'warning',
          line: 7,
          column: 13,
          endLine: 7,
          endColumn: 25,
          data: { record: 'var.api_name (CNAME)', others: 'aws_route53_record.green' },
          suggestions: [{ messageId: 'forgetDuplicate', output: ZONE + '\n' + FORGET_BLUE + '\n' + record('green', 'var.api_name') }],
        },
        {
          messageId: 'duplicateOwner',
          severity: 'warning',
          line: 15,
          column: 13,
          endLine: 15,
          endColumn: 25,
          suggestions: [{ messageId: 'forgetDuplicate', output: ZONE + record('blue', 'var.api_name') + '\n' + FORGET_GREEN + '\n' }],
        },
      ],
    },
    {
      name: 'a literal zone ID shared by two records; the one referenced elsewhere gets no removal suggestion',
      code: `resource "aws_route53_record" "blue" {
  zone_id = "Z0123456789ABCDEFGHIJ"
  name    = "api.shop.example"
  type    = "A"
  ttl     = 60
  records = ["203.0.113.10"]
}

resource "aws_route53_record" "green" {
  zone_id = "Z0123456789ABCDEFGHIJ"
  name    = "api.shop.example"
  type    = "A"
  ttl     = 60
  records = ["203.0.113.20"]
}

output "api_fqdn" {
  value = aws_route53_record.green.fqdn
}
`,
      errors: [
        {
          messageId: 'duplicateOwner',
          line: 3,
          column: 13,
          endLine: 3,
          endColumn: 31,
          suggestions: [
            {
              messageId: 'forgetDuplicate',
              output: `removed {
  from = aws_route53_record.blue

  lifecycle {
    destroy = false
  }
}

resource "aws_route53_record" "green" {
  zone_id = "Z0123456789ABCDEFGHIJ"
  name    = "api.shop.example"
  type    = "A"
  ttl     = 60
  records = ["203.0.113.20"]
}

output "api_fqdn" {
  value = aws_route53_record.green.fqdn
}
`,
            },
          ],
        },
        { messageId: 'duplicateOwner', line: 11, column: 13, endLine: 11, endColumn: 31 },
      ],
    },
    {
      name: 'count = 2 with a fixed name: both instances write one record',
      code: ZONE + record('api', '"api.shop.example"', '\n  count   = 2'),
      errors: [
        {
          messageId: 'duplicateInstances',
          severity: 'error',
          line: 7,
          column: 13,
          endLine: 7,
          endColumn: 31,
          data: { count: 2, record: '"api.shop.example" (CNAME)' },
        },
      ],
    },
    {
      name: 'for_each keys that map to the same name',
      code: ZONE + record('api', 'each.value', '\n  for_each = { primary = "api.shop.example", backup = "API.shop.example" }'),
      errors: [{ messageId: 'duplicateInstances', line: 7, column: 13, endLine: 7, endColumn: 23, data: { record: '"api.shop.example" (CNAME)', count: 2 } }],
    },
    {
      name: 'allow_overwrite = true on a single record',
      code: ZONE + record('blue', '"api.shop.example"', '\n  allow_overwrite = true'),
      errors: [
        {
          messageId: 'allowOverwrite',
          severity: 'warning',
          data: { record: '"api.shop.example" (CNAME)' },
          line: 11,
          column: 21,
          endLine: 11,
          endColumn: 25,
          suggestions: [{ messageId: 'removeAllowOverwrite', output: ZONE + record('blue', '"api.shop.example"') }],
        },
      ],
    },
    {
      name: 'allow_overwrite turned on by an auto.tfvars file, on a record under count',
      code: ZONE + record('blue', '"api.shop.example"', '\n  count   = 1\n  allow_overwrite = var.take_over'),
      files: {
        'variables.tf': 'variable "take_over" {\n  type    = bool\n  default = false\n}\n',
        'dns.auto.tfvars': 'take_over = true\n',
      },
      errors: [
        {
          messageId: 'allowOverwrite',
          line: 12,
          column: 21,
          endLine: 12,
          endColumn: 34,
          suggestions: [{ messageId: 'removeAllowOverwrite', output: ZONE + record('blue', '"api.shop.example"', '\n  count   = 1') }],
        },
      ],
    },
    {
      name: 'allow_overwrite on records whose names are not known: each message names its record by the expression',
      code:
        ZONE +
        record('mx', 'var.domain', '\n  allow_overwrite = true').replace('"CNAME"', '"MX"') +
        record('bounce', '"bounce.${var.domain}"', '\n  allow_overwrite = true').replace('"CNAME"', '"MX"'),
      files: { 'variables.tf': 'variable "domain" {\n  type = string\n}\n' },
      errors: [
        {
          messageId: 'allowOverwrite',
          data: { record: 'var.domain (MX)' },
          line: 11,
          column: 21,
          endLine: 11,
          endColumn: 25,
          suggestions: [
            {
              messageId: 'removeAllowOverwrite',
              output:
                ZONE +
                record('mx', 'var.domain').replace('"CNAME"', '"MX"') +
                record('bounce', '"bounce.${var.domain}"', '\n  allow_overwrite = true').replace('"CNAME"', '"MX"'),
            },
          ],
        },
        {
          messageId: 'allowOverwrite',
          data: { record: '"bounce.${var.domain}" (MX)' },
          line: 20,
          column: 21,
          endLine: 20,
          endColumn: 25,
          suggestions: [
            {
              messageId: 'removeAllowOverwrite',
              output:
                ZONE +
                record('mx', 'var.domain', '\n  allow_overwrite = true').replace('"CNAME"', '"MX"') +
                record('bounce', '"bounce.${var.domain}"').replace('"CNAME"', '"MX"'),
            },
          ],
        },
      ],
    },
  ],
});
