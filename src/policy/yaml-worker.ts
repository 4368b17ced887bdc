/** Worker thread: parses one YAML policy file and posts back its value and line table. */
import { parentPort, workerData } from 'node:worker_threads';
import { AgentwallError } from '../errors.js';
import { lineTable, parseWithDoc } from './yaml-source.js';

const { file, text } = workerData as { file: string; text: string };
try {
  const { source, doc, lineCounter } = parseWithDoc(file, text);
  parentPort?.postMessage({ ok: true, value: source.value, lines: lineTable(doc, lineCounter) });
} catch (err) {
  const e =
    err instanceof AgentwallError
      ? err
      : new AgentwallError('policy_invalid', { detail: `${file}: ${(err as Error).message}` });
  parentPort?.postMessage({ ok: false, detail: e.detail, ...(e.errors ? { errors: [...e.errors] } : {}) });
}
