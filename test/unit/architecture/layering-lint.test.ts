import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layering the architecture relies on is enforced by lint (eslint.config.mjs); these tests prove the
// rules fire, so a later edit of the config cannot silently switch them off.
const root = path.resolve(__dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function restrictedImportMessages(relativePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, relativePath) });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

describe('layering lint rules', () => {
  it('refuses an electron import in the core', async () => {
    const messages = await restrictedImportMessages('src-main/core/station/new-file.ts', "import { app } from 'electron';\nexport const name = app.name;\n");
    expect(messages.join('\n')).toMatch(/no electron imports/);
  });

  it('refuses a React import in the core', async () => {
    const messages = await restrictedImportMessages('src-main/core/ca/new-file.ts', "import { useState } from 'react';\nexport const hook = useState;\n");
    expect(messages).toHaveLength(1);
  });

  it('refuses native modules outside the core', async () => {
    const messages = await restrictedImportMessages('src-main/host/new-file.ts', "import Database from 'better-sqlite3';\nexport const db = Database;\n");
    expect(messages).toHaveLength(1);
  });

  it('refuses Node and core imports in the renderer, and allows the contract', async () => {
    const nodeImport = await restrictedImportMessages('src-renderer/features/new-file.ts', "import fs from 'node:fs';\nexport const read = fs.readFileSync;\n");
    const coreImport = await restrictedImportMessages(
      'src-renderer/features/new-file.ts',
      "import { StationError } from '../../src-main/core/errors';\nexport const error = StationError;\n",
    );
    expect(nodeImport).toHaveLength(1);
    expect(coreImport).toHaveLength(1);
  });

  it('accepts plain Node imports in the core', async () => {
    const messages = await restrictedImportMessages('src-main/core/station/new-file.ts', "import fs from 'node:fs';\nexport const read = fs.readFileSync;\n");
    expect(messages).toEqual([]);
  });
});
