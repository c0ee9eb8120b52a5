import { InvalidValue } from '../../compliance/index.ts';
import {
  normalizeMedicalRecordNumber,
  normalizePhone,
  normalizeStudentNumber,
} from '../contacts/contact.columns.ts';
import type { Contact } from '../contacts/contact.ts';
import { AppError } from '../errors/app-error.ts';

/** What a visitor may prove themself with: a directory lookup field that names one person. */
export const IDENTIFIER_KINDS = ['medicalRecordNumber', 'studentNumber', 'mobilePhone'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

export interface Identifier {
  readonly kind: IdentifierKind;
  readonly value: string;
}

const NORMALIZERS = {
  medicalRecordNumber: normalizeMedicalRecordNumber,
  studentNumber: normalizeStudentNumber,
  mobilePhone: normalizePhone,
} as const satisfies Record<IdentifierKind, (value: string) => string>;

const invalid = (path: string, message: string) =>
  new AppError('validation_failed', 'The request is invalid.', { issues: [{ path, message }] });

/** The identifier as the blind index normalizes it; a malformed one is a 400 naming its kind, never its value. */
export function normalizeIdentifier(identifier: Identifier): Identifier {
  const normalize = NORMALIZERS[identifier.kind];
  if (!normalize) throw invalid('identifier.kind', `expected one of: ${IDENTIFIER_KINDS.join(', ')}`);
  try {
    return { kind: identifier.kind, value: normalize(identifier.value) };
  } catch (error) {
    if (error instanceof InvalidValue) throw invalid('identifier.value', error.message);
    throw error;
  }
}

/** The chat slots' spelling (`medical_record_number`) or the API's (`medicalRecordNumber`). */
export function identifierKindOf(value: string | undefined): IdentifierKind | undefined {
  const camel = (value ?? '').trim().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return (IDENTIFIER_KINDS as readonly string[]).includes(camel) ? (camel as IdentifierKind) : undefined;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date YYYY-MM-DD (2025-02-30 is not one). */
export function validDateOfBirth(value: string): void {
  const date = DATE.test(value) ? new Date(`${value}T00:00:00Z`) : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value)
    throw invalid('dateOfBirth', 'expected a calendar date YYYY-MM-DD');
}

/** The record's mobile number in E.164, if it has a usable one. */
export function phoneOf(contact: Contact): string | undefined {
  if (!contact.mobilePhone) return undefined;
  try {
    return normalizePhone(contact.mobilePhone);
  } catch {
    return undefined;
  }
}
