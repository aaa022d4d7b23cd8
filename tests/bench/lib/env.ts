/** A whole-number bench setting from the environment, or its default; anything else stops the bench. */
export const envInt = (name: string, fallback: number, min = 0): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer of at least ${min} (got ${raw})`);
  return n;
};
