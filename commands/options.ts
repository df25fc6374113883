// Flag parsers shared by the subcommands: each rejects a bad value with a message naming the flag and what is allowed.
import { InvalidArgumentError } from 'commander';

export function intArg(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const v = Number(value);
    if (value.trim() === '' || !Number.isInteger(v) || v < min || v > max) {
      throw new InvalidArgumentError(`allowed integers ${min}..${max}`);
    }
    return v;
  };
}

export function positiveNumberArg(value: string): number {
  const v = Number(value);
  if (value.trim() === '' || !Number.isFinite(v) || v <= 0) throw new InvalidArgumentError('allowed a finite number > 0');
  return v;
}

export function numberInRangeArg(min: number, max: number) {
  return (value: string): number => {
    const v = Number(value);
    if (value.trim() === '' || !Number.isFinite(v) || v < min || v > max) throw new InvalidArgumentError(`allowed numbers ${min} to ${max}`);
    return v;
  };
}
