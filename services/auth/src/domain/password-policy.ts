/** One rule of the password policy that a password breaks. */
export interface PasswordViolation {
  readonly rule: 'min_length' | 'character_classes' | 'equals_email';
  readonly detail: string;
}

export const PASSWORD_MIN_LENGTH = 12;

const CHARACTER_CLASSES = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u];

/** Counts the classes (lower case, upper case, digits, everything else) that `password` draws from. */
function classCount(password: string): number {
  return CHARACTER_CLASSES.filter((pattern) => pattern.test(password)).length;
}

/**
 * Checks `password` against the policy and returns every rule it breaks (none: acceptable). Length counts
 * code points, so a password of emoji is not rejected for its UTF-16 length.
 */
export function checkPassword(password: string, email: string): PasswordViolation[] {
  const violations: PasswordViolation[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    violations.push({ rule: 'min_length', detail: `must be at least ${PASSWORD_MIN_LENGTH} characters long` });
  }
  if (classCount(password) < 2) {
    violations.push({ rule: 'character_classes', detail: 'must mix at least two of lower case, upper case, digits and other characters' });
  }
  if (password.trim().toLowerCase() === email.trim().toLowerCase()) {
    violations.push({ rule: 'equals_email', detail: 'must not be the e-mail address' });
  }
  return violations;
}
