/**
 * A sandbox child that the student fully owns: it speaks the IPC protocol (grader/sandbox/protocol.ts) and
 * answers whatever its script says, with any bookkeeping, any values, any ids, and extra messages. The test
 * (test/submission/compromised-child.test.ts) starts it through the Sandbox's public options (childPath, and
 * a readable folder holding the script), naming the script's file where a compiled module would be: a JSON file
 *   { "answers": [[key, [answer, …]], …], "fallback": answer }
 * where key is JSON.stringify([fn, args, count]) of a request (null where absent), an answer is a list of
 * messages to send in reply, and the answers of one key are used in turn (the last one again when they run
 * out). Plain JSON cannot hold what structured clone can, so values are decoded from tags:
 *   {"$id": 0}: the request's id plus 0 (any other offset: a wrong id);  {"$f64": [...]}, {"$u32": [...]},
 *   {"$i32": [...]}: typed arrays;  {"$u32fill": [value, length]}, {"$f64fill": [value, length]};
 *   {"$number": "NaN" | "Infinity" | "-Infinity"};  {"$sparse": length, "entries": {index: value}};
 *   {"$bigint": "5"};  {"$undefined": true};  {"$cyclic": true};  {"$extra": [...], "props": {...}};
 *   {"$map": [[k, v], ...]}.
 * Self-contained (no import but node:), so it runs under the permission model (and in a bubblewrap root)
 * with only its own folder and the script's readable.
 */
import { readFileSync } from 'node:fs';

const script = new Map();
let fallback = [];

process.on('disconnect', () => process.exit(0));

function decode(value, id) {
  if (Array.isArray(value)) return value.map((item) => decode(item, id));
  if (typeof value !== 'object' || value === null) return value;
  if ('$id' in value) return id + value.$id;
  if ('$f64' in value) return Float64Array.from(value.$f64);
  if ('$u32' in value) return Uint32Array.from(value.$u32);
  if ('$i32' in value) return Int32Array.from(value.$i32);
  if ('$u32fill' in value) return new Uint32Array(value.$u32fill[1]).fill(value.$u32fill[0]);
  if ('$f64fill' in value) return new Float64Array(value.$f64fill[1]).fill(value.$f64fill[0]);
  if ('$number' in value) return Number(value.$number);
  if ('$bigint' in value) return BigInt(value.$bigint);
  if ('$undefined' in value) return undefined;
  if ('$cyclic' in value) {
    const cyclic = { thetaH: [] };
    cyclic.thetaY = cyclic;
    return cyclic;
  }
  if ('$sparse' in value) {
    const array = [];
    array.length = value.$sparse;
    for (const [index, entry] of Object.entries(value.entries ?? {})) array[Number(index)] = decode(entry, id);
    return array;
  }
  if ('$extra' in value) return Object.assign(decode(value.$extra, id), decode(value.props, id));
  if ('$map' in value) return new Map(decode(value.$map, id));
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, decode(entry, id)]));
}

function answerTo(request) {
  if (request.kind === 'load') return [{ kind: 'loaded', id: { $id: 0 } }];
  const key = JSON.stringify([request.fn ?? null, request.args ?? null, request.count ?? null]);
  const answers = script.get(key);
  if (!answers) return fallback;
  return answers.length > 1 ? answers.shift() : answers[0];
}

process.on('message', (message) => {
  if (message.kind === 'init') {
    for (const url of Object.values(message.modules)) {
      const parsed = JSON.parse(readFileSync(new URL(url), 'utf8'));
      for (const [key, answers] of parsed.answers) script.set(key, answers);
      fallback = parsed.fallback ?? fallback;
    }
    // Unasked-for messages, before any request: the grader must ignore them.
    process.send({ kind: 'returned', id: 0, value: 'unasked', rngCalls: 0, mathRandomCalls: 0, elapsedMs: 0 });
    process.send({ kind: 'loaded', id: -1 });
    return;
  }
  for (const reply of answerTo(message)) process.send(decode(reply, message.id));
});
