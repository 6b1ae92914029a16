// Over the real plan test/fixtures/plans/traffic: v2 replaces, old object first, a load balancer that DNS,
// a listener and CloudFront send traffic to; a target group a listener forwards to (keeping its name); an
// instance attached to a target group; an address a DNS record points at, in the root and in a child module
// (through the module's output); a DNS record itself; and, with no traffic link, an instance nothing routes to
// and one that DNS reaches only through a local value. It also replaces an instance and a target group
// new-first (the second because a listener rule that depends on it asks for it).
import * as fs from 'node:fs';
import * as path from 'node:path';
import rule from '../../rules/aws-plan-replace-delete-first-behind-traffic';
import { PLANS, planRuleTester } from '../support/plan-rule-tester';

const scenario = 'traffic';
const MAIN = fs.readFileSync(path.join(PLANS, scenario, 'v2', 'main.tf'), 'utf8');
const EDGE = fs.readFileSync(path.join(PLANS, scenario, 'v2', 'modules', 'edge', 'main.tf'), 'utf8');
const LIFECYCLE = '\n\n  lifecycle {\n    create_before_destroy = true\n  }';

/** The file with a lifecycle block added after `last`, the last line of the block the suggestion edits. */
function withLifecycle(text: string, last: string): string {
  if (text.split(last).length !== 2) throw new Error(`"${last}" must occur once`);
  return text.replace(last, `${last}${LIFECYCLE}`);
}

const suggestion = (file: string, text: string, last: string) => [{ messageId: 'createBeforeDestroy', file, output: withLifecycle(text, last) }];

planRuleTester(rule, {
  valid: [
    { name: 'an instance nothing routes traffic to', scenario, resource: 'aws_instance.batch' },
    { name: 'an instance DNS reaches through a local value: the link is not known', scenario, resource: 'aws_instance.mail' },
    { name: 'an instance replaced new-first (its own create_before_destroy)', scenario, resource: 'aws_instance.app' },
    { name: 'a target group replaced new-first (create_before_destroy passed on by a listener rule)', scenario, resource: 'aws_lb_target_group.blue' },
    { name: 'a listener replaced with its load balancer is not itself a target', scenario, resource: 'aws_lb_listener.web' },
    { name: 'a DNS record updated in place', scenario, resource: 'aws_route53_record.www' },
  ],
  invalid: [
    {
      name: 'a load balancer behind DNS, a listener and CloudFront',
      scenario,
      resource: 'aws_lb.web',
      messageId: 'behindTraffic',
      severity: 'warning',
      file: 'main.tf',
      line: 2,
      column: 1,
      endLine: 2,
      endColumn: 24,
      mentions: ['aws_cloudfront_distribution.cdn, aws_lb_listener.web and aws_route53_record.www', 'create_before_destroy = true'],
      related: [
        { file: 'main.tf', line: 74, column: 1 },
        { file: 'main.tf', line: 16, column: 1 },
        { file: 'main.tf', line: 42, column: 1 },
      ],
      suggestions: suggestion(
        'main.tf',
        MAIN,
        '  name               = "web-v2"\n  load_balancer_type = "application"\n  subnets            = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]',
      ),
    },
    {
      name: 'a target group a listener forwards to, keeping its name: no create_before_destroy suggestion',
      scenario,
      resource: 'aws_lb_target_group.web',
      messageId: 'behindTraffic',
      severity: 'warning',
      file: 'main.tf',
      line: 9,
      column: 1,
      endLine: 9,
      endColumn: 37,
      mentions: ['aws_lb_listener.web', 'name stays "web-tg"', 'name_prefix'],
    },
    {
      name: 'an instance attached to a target group',
      scenario,
      resource: 'aws_instance.web',
      messageId: 'behindTraffic',
      severity: 'warning',
      file: 'main.tf',
      line: 27,
      column: 1,
      endLine: 27,
      endColumn: 30,
      mentions: ['aws_lb_target_group_attachment.web'],
      suggestions: suggestion('main.tf', MAIN, 'resource "aws_instance" "web" {\n  ami           = "ami-0fedcba9876543210"\n  instance_type = "t3.micro"'),
    },
    {
      name: 'a DNS record replaced old-first',
      scenario,
      resource: 'aws_route53_record.api',
      messageId: 'servesTraffic',
      severity: 'warning',
      file: 'main.tf',
      line: 53,
      column: 1,
      endLine: 53,
      endColumn: 36,
      mentions: ['does not resolve'],
      suggestions: suggestion('main.tf', MAIN, '  records = ["api.internal.example.com"]'),
    },
    {
      name: 'an address a DNS record points at',
      scenario,
      resource: 'aws_eip.bastion',
      messageId: 'behindTraffic',
      severity: 'warning',
      file: 'main.tf',
      line: 61,
      column: 1,
      endLine: 61,
      endColumn: 29,
      mentions: ['aws_route53_record.bastion'],
      suggestions: suggestion('main.tf', MAIN, 'resource "aws_eip" "bastion" {\n  domain           = "vpc"\n  public_ipv4_pool = "amazon"'),
    },
    {
      name: 'an address in a child module that DNS reaches through the module output: on its block in the module',
      scenario,
      resource: 'module.edge.aws_eip.this',
      messageId: 'behindTraffic',
      severity: 'warning',
      file: 'modules/edge/main.tf',
      line: 2,
      column: 1,
      endLine: 2,
      endColumn: 26,
      mentions: ['aws_route53_record.edge'],
      related: [{ file: 'main.tf', line: 146, column: 1 }],
      suggestions: suggestion('modules/edge/main.tf', EDGE, '  public_ipv4_pool = "amazon"'),
    },
  ],
});
