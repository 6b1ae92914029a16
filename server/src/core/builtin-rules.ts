// The engine's own pseudo-rules. They have metadata like any rule (so config, docs and SARIF treat them
// alike) but no check: the engine reports them itself.
import type { RuleMeta } from '../../../rules/api';

export const SYNTAX_ERROR: RuleMeta<'syntaxError'> = {
  id: 'syntax-error',
  title: 'Write configuration Terraform can parse',
  description: 'A file that does not parse is rejected by every Terraform command, so nothing in it can be planned or applied.',
  category: 'correctness',
  severity: 'error',
  recommended: true,
  appliesTo: [],
  fixable: 'none',
  messages: { syntaxError: '{message}' },
  incident: 'any',
  since: '0.1.0',
};

export const UNUSED_SUPPRESSION: RuleMeta<'unused' | 'unknownRule' | 'detached' | 'missingRule'> = {
  id: 'unused-suppression',
  title: 'Remove suppression comments that silence nothing',
  description: 'A premortem-ignore comment that matches no finding hides nothing today but will hide a real finding tomorrow.',
  category: 'correctness',
  severity: 'info',
  recommended: true,
  appliesTo: [],
  fixable: 'none',
  messages: {
    unused: 'This suppression of "{ruleId}" silences nothing; remove it.',
    unknownRule: '"{ruleId}" is not a premortem rule, so this suppression does nothing.',
    detached: 'This premortem-ignore comment is not on or above a block or argument, so it silences nothing.',
    missingRule: 'This premortem-ignore comment names no rule; write "# premortem-ignore: <rule-id> -- <reason>".',
  },
  incident: 'any',
  since: '0.1.0',
};

export const BUILTIN_RULES: readonly RuleMeta[] = [SYNTAX_ERROR, UNUSED_SUPPRESSION];
