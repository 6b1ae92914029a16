// The engine's own pseudo-rules. They have metadata like any rule (so config, docs and SARIF treat them
// alike) but no check: the engine reports them itself.
import type { RuleMeta } from '../../../../rules/api';

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

export const JSON_SCHEMA_ERROR: RuleMeta<'jsonSchemaError'> = {
  id: 'json-schema-error',
  title: 'Give Terraform JSON files the shape Terraform expects',
  description:
    'A .tf.json file that is valid JSON but not shaped as Terraform configuration (a block that is not an object, labels missing) is rejected by every Terraform command.',
  category: 'correctness',
  severity: 'error',
  recommended: true,
  appliesTo: [],
  fixable: 'none',
  messages: { jsonSchemaError: '{message}' },
  incident: 'any',
  since: '0.1.0',
};

export const UNREADABLE_FILE: RuleMeta<'unreadable'> = {
  id: 'unreadable-file',
  title: 'Let premortem read every configuration file',
  description:
    'A file or directory the scan may not read (permissions, a broken mount) is not checked at all, so a report without findings would say nothing about it.',
  category: 'correctness',
  severity: 'error',
  recommended: true,
  appliesTo: [],
  fixable: 'none',
  messages: { unreadable: '{message}' },
  incident: 'any',
  since: '0.1.0',
};

export const NON_TEXT_FILE: RuleMeta<'notText'> = {
  id: 'non-text-file',
  title: 'Keep configuration files as UTF-8 text',
  description:
    'Terraform reads configuration only as UTF-8 text: a binary file, one encrypted with git-crypt, or one in another encoding is rejected by every Terraform command, and premortem cannot check it.',
  category: 'correctness',
  severity: 'error',
  recommended: true,
  appliesTo: [],
  fixable: 'none',
  messages: { notText: '{message}' },
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

export const IGNORE_WITHOUT_REASON: RuleMeta<'missing' | 'placeholder'> = {
  id: 'ignore-without-reason',
  title: 'Say why a finding is suppressed',
  description:
    'A premortem-ignore comment without a reason hides a finding with nothing for a reviewer to check, and nobody can tell later whether the reason still holds.',
  category: 'correctness',
  severity: 'info',
  recommended: true,
  appliesTo: [],
  fixable: 'none',
  messages: {
    missing: 'This premortem-ignore comment gives no reason; add one after "--": "# premortem-ignore: <rule-id> -- <reason>".',
    placeholder: 'This premortem-ignore comment still has the "<reason>" placeholder; replace it with why the finding does not apply here.',
  },
  incident: 'any',
  since: '0.1.0',
};

export const BUILTIN_RULES: readonly RuleMeta[] = [SYNTAX_ERROR, JSON_SCHEMA_ERROR, UNREADABLE_FILE, NON_TEXT_FILE, UNUSED_SUPPRESSION, IGNORE_WITHOUT_REASON];

/** The pseudo-rules a file's ParseErrors are reported under; none can be suppressed by a comment in the file. */
export const FILE_PROBLEM_RULES: ReadonlySet<string> = new Set([SYNTAX_ERROR.id, JSON_SCHEMA_ERROR.id, UNREADABLE_FILE.id, NON_TEXT_FILE.id]);
