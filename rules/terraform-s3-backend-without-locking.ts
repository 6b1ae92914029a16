// STATE-001. Two writers on one state file, with nothing to coordinate them, is the Terraform shape of
// the October 2025 us-east-1 outage: uncoordinated enactors, and the later one's cleanup deleted what the
// other still used. The S3 backend locks only when asked to.
import { asBool, asString, defineRule, getAttribute, type Block, type Evaluated, type Fixer, type RuleContext, type SourceFile } from './api';

type MessageId = 'noLocking' | 'lockingDisabled' | 'deprecatedDynamoDb' | 'cannotVerify' | 'addLockfile';

const LOCK_SETTINGS = ['use_lockfile', 'dynamodb_table'] as const;

/** What a partial backend file (`-backend-config=FILE`) says about locking. */
function backendFileLocks(file: SourceFile, ctx: RuleContext<MessageId>): boolean {
  return file.body.attributes.some((a) => {
    if (!LOCK_SETTINGS.includes(a.name as (typeof LOCK_SETTINGS)[number])) return false;
    const value = ctx.valueOf(a.expr);
    return !value.known || (a.name === 'use_lockfile' ? asBool(value.value) === true : isSet(value));
  });
}

function isTrue(value: Evaluated): boolean {
  return value.known && asBool(value.value) === true;
}

function isFalse(value: Evaluated): boolean {
  return value.known && asBool(value.value) === false;
}

function isSet(value: Evaluated): boolean {
  return value.known && (asString(value.value) ?? '') !== '';
}

export default defineRule<MessageId>({
  meta: {
    id: 'terraform-s3-backend-without-locking',
    title: 'Lock Terraform state in the S3 backend',
    description:
      "Without state locking, two runs against the same state (a CI retry, two pipelines, a person beside CI) both write it, and the later write silently discards the other's changes.",
    category: 'change-safety',
    severity: 'warning',
    recommended: true,
    appliesTo: [{ block: 'terraform' }],
    fixable: 'suggestion',
    messages: {
      noLocking: "This S3 backend does not lock the state, so two concurrent runs can overwrite each other's state. Set use_lockfile = true.",
      lockingDisabled: "State locking is off and no DynamoDB table is set, so two concurrent runs can overwrite each other's state. Set use_lockfile = true.",
      deprecatedDynamoDb:
        'State locking relies on DynamoDB, which the S3 backend has deprecated. Add use_lockfile = true and keep dynamodb_table until every workspace has moved.',
      cannotVerify:
        'This S3 backend gets part of its settings at init time and no backend config file sets use_lockfile or dynamodb_table, so state locking cannot be checked. Set use_lockfile = true here or in the backend config file.',
      addLockfile: 'Add use_lockfile = true.',
    },
    incident: 'AWS us-east-1, October 2025: uncoordinated writers',
    since: '0.1.0',
  },

  check(terraform: Block, ctx) {
    for (const backend of ctx.nestedBlocks(terraform, 'backend')) {
      if (backend.labels[0] === 's3') checkS3Backend(backend, ctx);
    }
  },
});

function checkS3Backend(backend: Block, ctx: RuleContext<MessageId>): void {
  const useLockfile = getAttribute(backend, 'use_lockfile');
  const dynamodbTable = getAttribute(backend, 'dynamodb_table');
  const lockfile = ctx.valueOf(useLockfile?.expr, backend);
  const table = ctx.valueOf(dynamodbTable?.expr, backend);
  const addLockfile = {
    messageId: 'addLockfile' as const,
    edits: (fixer: Fixer) => fixer.setAttribute(backend, 'use_lockfile', 'true'),
  };

  if (isTrue(lockfile)) return;
  if ((useLockfile && !lockfile.known) || (dynamodbTable && !table.known)) return; // set from a value we cannot see
  if (isSet(table)) {
    ctx.report({ at: dynamodbTable!.expr, messageId: 'deprecatedDynamoDb', severity: 'info', suggest: [addLockfile] });
    return;
  }
  if (useLockfile && isFalse(lockfile)) {
    ctx.report({ at: useLockfile.expr, messageId: 'lockingDisabled', suggest: [addLockfile] });
    return;
  }
  if (ctx.module.backendConfigFiles.some((file) => backendFileLocks(file, ctx))) return;
  // Without a bucket and a key the rest comes from -backend-config, which this file cannot show.
  const complete = getAttribute(backend, 'bucket') !== undefined && getAttribute(backend, 'key') !== undefined;
  if (complete) ctx.report({ at: backend, messageId: 'noLocking', suggest: [addLockfile] });
  else ctx.report({ at: backend, messageId: 'cannotVerify', severity: 'info', suggest: [addLockfile] });
}
