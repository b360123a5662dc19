import { spawn } from 'node:child_process';
import { join } from 'node:path';

const SCRIPT = `
import SwaggerParser from '@apidevtools/swagger-parser';
let text = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => (text += chunk));
process.stdin.on('end', async () => {
  try {
    const api = await SwaggerParser.validate(JSON.parse(text));
    process.stdout.write(JSON.stringify({ ok: true, title: api.info.title }));
  } catch (error) {
    process.stdout.write(JSON.stringify({ ok: false, error: String(error && error.message || error) }));
  }
});
`;

export type OpenApiVerdict = { ok: true; title: string } | { ok: false; error: string };

/**
 * Validates an OpenAPI document with @apidevtools/swagger-parser. The validator ships as
 * ES modules, which Jest's CommonJS runtime cannot load, so it runs in a plain Node process
 * (Node 20.19+ loads ES modules natively) and answers on stdout.
 */
export function validateOpenApi(document: unknown): Promise<OpenApiVerdict> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', SCRIPT], { cwd: join(__dirname, '..', '..', '..'), stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve(JSON.parse(out) as OpenApiVerdict);
      } catch {
        reject(new Error(`the OpenAPI validator exited with ${code}: ${err || out}`));
      }
    });
    child.stdin.end(JSON.stringify(document));
  });
}
