/** `grader catalogue [--write]`: print docs/test-catalogue.md as the definitions give it, or write it. */
import { defineCommand } from 'citty';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assignments } from '../../assignments/index.ts';
import { renderCatalogue } from '../docs/catalogue.ts';
import { projectRoot } from '../paths.ts';

export const catalogueCommand = defineCommand({
  meta: { name: 'catalogue', description: 'Render the test catalogue (docs/test-catalogue.md) from the definitions' },
  args: { write: { type: 'boolean', description: 'write docs/test-catalogue.md instead of printing it', default: false } },
  run({ args }) {
    const text = renderCatalogue(assignments);
    if (args.write) writeFileSync(join(projectRoot, 'docs', 'test-catalogue.md'), text);
    else process.stdout.write(text);
  },
});
