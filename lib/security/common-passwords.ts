import commonPasswords from "fxa-common-password-list";

/**
 * One of the 50,000 most common passwords of at least 8 characters (Mozilla's list for Firefox
 * Accounts, drawn from the SecLists 10-million password corpus). Case does not make one safer.
 */
export function isCommonPassword(password: string): boolean {
  return commonPasswords.test(password) || commonPasswords.test(password.toLowerCase());
}
