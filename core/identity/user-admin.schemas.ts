import { z } from '@hono/zod-openapi';
import { MAX_QUEUES_PER_USER, QUEUE_ID } from '../access/queues.ts';
import { STAFF_ROLES } from './user-rules.ts';

const roleSchema = z.enum(STAFF_ROLES as [string, ...string[]]).openapi({ example: 'agent' });
const roles = z.array(roleSchema).min(1).max(STAFF_ROLES.length);
const displayName = z.string().min(1).max(100).openapi({ example: '王丽 (Wang Li)' });
const queueIds = z
  .array(
    z
      .string()
      .regex(QUEUE_ID, 'a queue id: a-z first, then a-z, 0-9 and -, at most 48 characters')
      .openapi({ example: 'front-desk' }),
  )
  .max(MAX_QUEUES_PER_USER)
  .openapi({
    description:
      'The queues the account works (agents and supervisors see the waiting conversations of these). Set by tenant admins; effective from the next access token.',
  });

export const userIdParamsSchema = z.object({ userId: z.uuid() });

export const newUserSchema = z
  .object({
    loginName: z.string().min(1).max(64).openapi({ example: 'wang.li' }),
    displayName: displayName.optional(),
    roles: roles.openapi({
      description:
        'Tenant admins grant operational roles; tenant_admin and auditor only the platform operator',
    }),
    queueIds: queueIds.optional(),
    password: z
      .string()
      .min(1)
      .max(256)
      .openapi({ format: 'password', description: 'At least 12 characters' }),
  })
  .strict()
  .openapi('NewUser');

export const userPatchSchema = z
  .object({
    displayName: displayName.nullable().optional(),
    roles: roles.optional(),
    queueIds: queueIds.optional(),
    disabled: z.boolean().optional().openapi({ description: 'Disabling also ends every session' }),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'at least one change')
  .openapi('UserPatch');

/** Every field is optional: a field the caller may not read is absent (the access rules decide). */
export const userSchema = z
  .object({
    id: z.uuid().optional(),
    tenantId: z.uuid().optional(),
    loginName: z.string().optional(),
    displayName: z.string().nullable().optional(),
    roles: z.array(z.string()).optional(),
    queueIds: z.array(z.string()).optional(),
    disabled: z.boolean().optional(),
    mfaEnrolled: z.boolean().optional(),
    createdAt: z.iso.datetime().optional(),
  })
  .openapi('User');

export const userListSchema = z
  .object({
    items: z.array(userSchema),
    nextCursor: z.string().nullable().openapi({ description: 'Pass as `cursor` to get the next page' }),
  })
  .openapi('UserList');

export const userListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ example: 50 }),
  cursor: z.uuid().optional().openapi({ description: 'The `nextCursor` of the previous page' }),
});

export const enrolmentStartSchema = z
  .object({
    password: z.string().min(1).max(256).openapi({ format: 'password' }),
    loginName: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .openapi({ description: 'Only without an access token: an account that must enrol before signing in' }),
  })
  .strict()
  .openapi('TotpEnrolmentStart');

export const enrolmentSchema = z
  .object({
    secret: z.string().openapi({ description: 'Base32; shown only this once' }),
    otpauthUri: z.string().openapi({ description: 'Key Uri Format, for a QR code' }),
  })
  .openapi('TotpEnrolment');

export const enrolmentConfirmSchema = z
  .object({
    code: z.string().regex(/^\d{6}$/, 'six digits'),
    loginName: z.string().min(1).max(64).optional(),
    password: z.string().min(1).max(256).optional().openapi({ format: 'password' }),
  })
  .strict()
  .openapi('TotpEnrolmentConfirm');
