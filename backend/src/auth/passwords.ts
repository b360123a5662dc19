import bcrypt from 'bcryptjs';

/** bcrypt cost for admin-API passwords (checked online only, so slower than PINs). */
export const PASSWORD_HASH_ROUNDS = 11;

/** bcrypt reads at most 72 bytes: a longer password would be silently truncated, so it is refused. */
export const MAX_PASSWORD_BYTES = 72;
export const MIN_PASSWORD_LENGTH = 8;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, PASSWORD_HASH_ROUNDS);
}

// Compared against when the email is unknown, so a miss costs as long as a wrong password.
let dummyHash: Promise<string> | null = null;

export async function passwordMatches(password: string, hash: string | null): Promise<boolean> {
  if (hash === null) {
    await bcrypt.compare(password, await (dummyHash ??= bcrypt.hash('seri-no-such-user', PASSWORD_HASH_ROUNDS)));
    return false;
  }
  return bcrypt.compare(password, hash);
}
