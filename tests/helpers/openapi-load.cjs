// Parses and dereferences every BigCommerce spec under argv[2] with swagger-parser and prints
// { "<relative file>": <document> } as JSON. It runs as a plain Node child process because
// swagger-parser 13 depends on an ESM-only $ref parser that jest's CommonJS runtime cannot load.
// Reference cycles are left as local "$ref" strings (circular: 'ignore') so the output is JSON.
'use strict';
const SwaggerParser = require('@apidevtools/swagger-parser');
const fs = require('node:fs');
const path = require('node:path');

const root = process.argv[2];
const files = [];
const walk = (dir) => {
  for (const name of fs.readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (fs.statSync(p).isDirectory()) walk(p);
    else if (/\.ya?ml$/.test(name)) files.push(p);
  }
};
walk(root);

Promise.all(files.map(async (f) => [path.relative(root, f), await SwaggerParser.dereference(f, { dereference: { circular: 'ignore' } })]))
  .then((entries) => process.stdout.write(JSON.stringify(Object.fromEntries(entries))))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
