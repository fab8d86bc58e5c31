/**
 * Simplified→Traditional for request paths: the dictionaries (opencc-js/cn2t, 1.15 MB) are loaded with
 * `import()` on the first call, never at import, so only a process that serves a 繁體 page pays for them.
 * The Lambda bundles leave `opencc-js/cn2t` out and install opencc-js beside the bundle (infra/bundling.ts).
 */
type Convert = (text: string) => string;

let loading: Promise<Convert> | undefined;

export function loadToTraditional(): Promise<Convert> {
  loading ??= import('opencc-js/cn2t')
    .then((OpenCC) => OpenCC.Converter({ from: 'cn', to: 'tw' }))
    .catch((e) => {
      loading = undefined;
      throw e;
    });
  return loading;
}
