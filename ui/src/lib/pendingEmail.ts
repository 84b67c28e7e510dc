// An e-mail dropped on the register, handed to the new-request form that opens next.
export type EmailFile = { name: string; bytes: Uint8Array };

let pending: EmailFile | null = null;

export function handOver(file: EmailFile) {
  pending = file;
}

/** The e-mail handed over, once. */
export function takeOver(): EmailFile | null {
  const f = pending;
  pending = null;
  return f;
}

export function isEmailName(name: string): boolean {
  return /\.(eml|msg)$/i.test(name);
}
