// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/, lowest first (ARCHITECTURE.md). A folder may import its own layer and the
 * layers below it, never one above; in an `isolated` layer the folders may not import each other
 * either. Checked for type-only imports too: a type from a higher layer is still a dependency on it.
 */
const LAYERS = [
  // Constants, data-file loading and file checks: config/dataFiles.ts validates with files/, and
  // files/validateYaml.ts takes its limits from config/constants.ts, so the two share the bottom layer.
  { folders: ['config', 'files'] },
  { folders: ['corpus'] },
  { folders: ['search'] },
  { folders: ['statements'] },
  { folders: ['answer'] },
  // Services beside the answers: the question log (usage) and corpus changes (moderation).
  { folders: ['usage', 'moderation'], isolated: true },
  { folders: ['commands'] },
  { folders: ['render'] },
  // The surfaces: each reaches the core on its own.
  { folders: ['discord', 'cli'], isolated: true },
];

const layerRules = LAYERS.flatMap((layer, i) =>
  layer.folders.map((folder) => {
    const above = LAYERS.slice(i + 1).flatMap((l) => l.folders);
    const siblings = layer.isolated ? layer.folders.filter((f) => f !== folder) : [];
    return {
      files: [`src/${folder}/**/*.ts`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [...above, ...siblings].map((higher) => ({
              group: [`../${higher}/**`, `../../${higher}/**`],
              message: `src/${folder}/ may not import src/${higher}/ (${above.includes(higher) ? 'a higher layer' : 'a sibling in its layer'}; see ARCHITECTURE.md).`,
            })),
          },
        ],
      },
    };
  }),
);

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...layerRules,
);
