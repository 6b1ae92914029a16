// HashiCorp's own parser (hcl2json, HCL compiled to WASM) as a test oracle for small inline inputs.
import { parse } from '@cdktf/hcl2json';
import type { SourceFile } from '../../rules/api';
import { compareShapes, oracleShape, type OracleJson } from './oracle-shape';

/** Differences between our tree and the oracle's, as readable lines; throws if the oracle rejects the text. */
export async function oracleDifferences(file: SourceFile, fileName = 'inline.tf'): Promise<string[]> {
  const oracle = (await parse(fileName, file.text)) as OracleJson;
  return compareShapes(oracleShape(file), oracle).map((d) => `${d.path}: ours ${d.ours}, oracle ${d.oracle}`);
}

/** Whether the oracle rejects the text (HCL reports a syntax error). */
export async function oracleRejects(text: string, fileName = 'inline.tf'): Promise<boolean> {
  try {
    await parse(fileName, text);
    return false;
  } catch {
    return true;
  }
}
