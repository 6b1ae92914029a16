// Over the real plan test/fixtures/plans/capacity: v2 halves one autoscaling group, steps another down a
// little and gives a third a capacity the plan cannot know; shrinks the count or for_each of several
// instance resources (by two thirds, by half, by one of four, one of one), drops one resource and three of
// four instances of a module call.
import rule from '../../rules/aws-plan-capacity-cut';
import { planRuleTester, type PlanInvalidCase } from '../support/plan-rule-tester';

const scenario = 'capacity';
const cut = (
  name: string,
  resource: string,
  where: Pick<PlanInvalidCase, 'file' | 'line' | 'column' | 'endLine' | 'endColumn'>,
  ...mentions: string[]
): PlanInvalidCase => ({
  name,
  scenario,
  resource,
  messageId: 'instancesCut',
  severity: 'warning',
  ...where,
  mentions,
});

planRuleTester(rule, {
  valid: [
    { name: 'an autoscaling group stepped down by less than half', scenario, resource: 'aws_autoscaling_group.api' },
    { name: 'an autoscaling group whose new capacity the plan cannot know', scenario, resource: 'aws_autoscaling_group.jobs' },
    { name: 'one of four instances of a for_each', scenario, resource: 'aws_instance.queue' },
    { name: 'a resource with a single instance is not a share of capacity', scenario, resource: 'aws_instance.solo' },
    { name: 'a launch template serves no load', scenario, resource: 'aws_launch_template.app' },
  ],
  invalid: [
    {
      name: 'an autoscaling group whose desired capacity and minimum are halved',
      scenario,
      resource: 'aws_autoscaling_group.web',
      messageId: 'groupCut',
      severity: 'warning',
      file: 'main.tf',
      line: 8,
      column: 1,
      endLine: 8,
      endColumn: 39,
      mentions: ['desired_capacity 8 → 4', 'min_size 4 → 2'],
    },
    {
      ...cut(
        'four of six instances of a count, with the count as related',
        'aws_instance.worker',
        { file: 'main.tf', line: 53, column: 1, endLine: 53, endColumn: 33 },
        '4 of the 6',
      ),
      related: [{ file: 'main.tf', line: 54, column: 3 }],
    },
    cut('one of two instances is half', 'aws_instance.pair', { file: 'main.tf', line: 60, column: 1, endLine: 60, endColumn: 31 }, '1 of the 2'),
    cut(
      'every instance of a resource that left the configuration: the first line',
      'aws_instance.shard',
      { file: 'main.tf', line: 1, column: 1, endLine: 1, endColumn: 39 },
      '3 of the 3',
    ),
    cut(
      'three of four instances of a module call: on the resource in the module',
      'module.cell.aws_instance.node',
      { file: 'modules/cell/main.tf', line: 1, column: 1, endLine: 1, endColumn: 31 },
      '3 of the 4',
    ),
  ],
});
