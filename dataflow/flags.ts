// Control bits that travel with every operand and partial sum through the array.
export const VALID = 1;
/** First element of a dot product: the OS accumulator starts from zero instead of its old value. */
export const FIRST = 2;
/** The feeder's last time slot: travels even through unused rows and columns, and ends the fold. */
export const LAST = 4;
