// Decoding of URL-encoded fields with the deviation recorded instead of thrown away.
import { decodeName } from './names';

type Warn = (code: string, message: string, line?: string) => void;

const WARNING_TEXT = {
  'malformed-escape': 'a name had a malformed %-escape',
  'not-encoded': 'a name was sent without URL encoding',
  'invalid-utf8': 'a name was not valid UTF-8 once decoded',
} as const;

export function decodeField(field: string, line: string, warn: Warn): string {
  const decoded = decodeName(field);
  if (decoded.warning) warn(decoded.warning === 'not-encoded' ? 'name-not-encoded' : `name-${decoded.warning}`, WARNING_TEXT[decoded.warning], line);
  return decoded.value;
}
