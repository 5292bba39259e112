/** The value below which `p` % of `xs` lie (nearest rank), as the benchmarks report p50 / p95. */
export const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
