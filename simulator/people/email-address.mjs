// `validate_email()`: PHPMailer's address check (PHP's FILTER_VALIDATE_EMAIL) and no angle brackets.

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

export function isValidEmail(address) {
  if (typeof address !== 'string' || address === '' || /[<>]/.test(address)) return false;
  const at = address.lastIndexOf('@');
  if (at < 1 || address.length > 254) return false;
  const local = address.slice(0, at);
  const labels = address.slice(at + 1).split('.');
  return local.length <= 64 && LOCAL_PART.test(local)
    && labels.length >= 2 && labels.every((label) => DOMAIN_LABEL.test(label));
}

/** Emails are compared case-insensitively wherever Moodle checks for duplicates. */
export const sameEmail = (a, b) => a.toLowerCase() === b.toLowerCase();
