import type { ContactAccess, PackDemoDeps } from '../../core/index.ts';

/**
 * The demo hospital's patient directory: a few synthetic registrations (names, numbers and dates
 * are made up; the phones are in the 138-0000 range no operator assigns), so that a visitor of the
 * demo can verify as one of them in the chat (record number, then the code the development outbox
 * writes to the server log) and see that record's appointments.
 */
export const demoPatients = [
  { mrn: 'MRN-900001', displayName: '示例患者甲', mobilePhone: '138-0000-0101', dateOfBirth: '1980-05-20' },
  { mrn: 'MRN-900002', displayName: '示例患者乙', mobilePhone: '138-0000-0102', dateOfBirth: '1992-11-03' },
  { mrn: 'MRN-900003', displayName: '示例患儿丙', mobilePhone: '138-0000-0103', dateOfBirth: '2019-02-14' },
] as const;

// The registration desk keys the demo in: patient administration.
const SEEDER: ContactAccess = {
  actor: { kind: 'system', id: 'demo-seeder', role: 'agent' },
  tenantId: '',
  purpose: 'PATADMIN',
};

/** Registers each demo patient unless their record number is known already; running twice changes nothing. */
export async function seedDemoPatients(deps: PackDemoDeps, tenantId: string): Promise<number> {
  const access: ContactAccess = { ...SEEDER, tenantId };
  let created = 0;
  for (const patient of demoPatients) {
    const known = await deps.contacts.findBy(tenantId, 'medicalRecordNumber', patient.mrn);
    if (known.some((c) => c.kind === 'patient')) continue;
    await deps.contactService.create(access, {
      kind: 'patient',
      displayName: patient.displayName,
      medicalRecordNumber: patient.mrn,
      mobilePhone: patient.mobilePhone,
      dateOfBirth: patient.dateOfBirth,
    });
    created++;
  }
  return created;
}
