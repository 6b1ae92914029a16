// What a finding is about, in Terraform's words: the address of the top-level block (or local value, or
// var-file assignment) its range lies in. Findings are matched across revisions on this, never on lines.
import * as path from 'node:path';
import { addressOf, type Attribute, type Block, type Range, type SourceFile } from '../../../../rules/api';

/**
 * `aws_s3_bucket.logs`, `module.edge`, `var.region`, `local.tags`, `provider.aws`, `terraform`; in a var
 * file, the variable it sets prefixed with the file's name (`prod.tfvars:var.size`), since each var file
 * is an environment of its own. Undefined outside any block (a syntax error at the top level).
 */
export function addressAt(file: SourceFile, range: Range): string | undefined {
  const offset = range.start.offset;
  const item = file.body.items.find((candidate) => contains(candidate.range, offset));
  if (item === undefined) return undefined;
  if (item.node === 'attribute') return `${path.basename(file.path)}:var.${item.name}`;
  return blockAddress(item, offset);
}

function blockAddress(block: Block, offset: number): string {
  if (block.type === 'locals') {
    const local = block.body.attributes.find((attribute: Attribute) => contains(attribute.range, offset));
    return local ? `local.${local.name}` : 'locals';
  }
  return addressOf(block) ?? [block.type, ...block.labels].join('.');
}

function contains(range: Range, offset: number): boolean {
  return range.start.offset <= offset && offset <= range.end.offset;
}
