#!/bin/sh
# A fresh fuzz run: 5,000 malformed requests over every route with a new seed (or GONGSHI_FUZZ_SEED).
# A failure prints each 5xx request; rerun with the printed seed to replay it.
set -e
export GONGSHI_FUZZ_COUNT="${GONGSHI_FUZZ_COUNT:-5000}"
export GONGSHI_FUZZ_SEED="${GONGSHI_FUZZ_SEED:-$(node -e 'console.log(Math.floor(Math.random() * 2 ** 31))')}"
echo "fuzz: $GONGSHI_FUZZ_COUNT requests, seed $GONGSHI_FUZZ_SEED"
exec npx vitest run test/fuzz.test.ts
