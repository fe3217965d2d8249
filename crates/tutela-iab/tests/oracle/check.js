// Decodes consent strings written by Tutela with the IAB reference libraries. Reads one JSON line
// per string, {"kind": "tcf" | "gpp", "string": ...}, and prints one JSON line per string:
// {"model": ...} in Tutela's JSON shape, or {"error": ...} when the reference refuses it.
//
// Usage: node check.js < strings.jsonl
'use strict';

const readline = require('node:readline');
const { tcfModel, gppModel } = require('./model.js');

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on('line', (line) => {
  if (line.trim() === '') return;
  const { kind, string } = JSON.parse(line);
  let out;
  try {
    out = { model: kind === 'gpp' ? gppModel(string) : tcfModel(string) };
  } catch (e) {
    out = { error: String(e && e.message ? e.message : e) };
  }
  process.stdout.write(JSON.stringify(out) + '\n');
});
