/**
 * The month names, January to December: the one table that dates are written with (`formatPublished`)
 * and read by (the search's month terms and the date parser use their lower-case forms).
 */
export const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;
