import { type Kysely, sql } from 'kysely';
import type { MigrationSet } from '../db/migration-set.ts';
import { tenantIsolationSql } from '../db/row-security.migrations.ts';

const BOOKING_TABLES = [
  'booking_services',
  'booking_resources',
  'booking_schedules',
  'booking_slots',
  'appointments',
];

// Frozen in time: migrations use Kysely<any> and never import the live table types.
export const bookingMigrations: MigrationSet = {
  '2026_11_26_0100_core_create_booking': {
    // biome-ignore lint/suspicious/noExplicitAny: a migration is frozen against the schema of its day.
    async up(db: Kysely<any>) {
      const code = (column: string) => sql.raw(`${column} ~ '^[a-z0-9][a-z0-9-]{0,62}$'`);

      // What can be booked: a department's visit (cardiology) or a school's campus tour.
      await db.schema
        .createTable('booking_services')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.tenant_id'))
        .addColumn('service_id', 'uuid', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('names', 'jsonb', (c) => c.notNull())
        .addColumn('duration_minutes', 'integer', (c) => c.notNull())
        .addColumn('restrictions', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
        // The campus a school's service belongs to: admissions officers see its bookings.
        .addColumn('school_id', 'text')
        .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('booking_services_pkey', ['tenant_id', 'service_id'])
        .addUniqueConstraint('booking_services_code', ['tenant_id', 'code'])
        .addCheckConstraint('booking_services_code_shape', code('code'))
        .addCheckConstraint('booking_services_duration', sql`duration_minutes between 1 and 1440`)
        .execute();

      // Who or what is booked: a doctor, a room, a tour guide.
      await db.schema
        .createTable('booking_resources')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.tenant_id'))
        .addColumn('resource_id', 'uuid', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('names', 'jsonb', (c) => c.notNull())
        .addColumn('title', 'jsonb')
        .addColumn('service_id', 'uuid', (c) => c.notNull())
        .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('booking_resources_pkey', ['tenant_id', 'resource_id'])
        .addUniqueConstraint('booking_resources_code', ['tenant_id', 'code'])
        .addForeignKeyConstraint(
          'booking_resources_service',
          ['tenant_id', 'service_id'],
          'booking_services',
          ['tenant_id', 'service_id'],
        )
        .addCheckConstraint('booking_resources_code_shape', code('code'))
        .addCheckConstraint('booking_resources_kind', sql`kind in ('practitioner', 'room', 'guide')`)
        .execute();

      await db.schema
        .createTable('booking_schedules')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.tenant_id'))
        .addColumn('schedule_id', 'uuid', (c) => c.notNull())
        .addColumn('service_id', 'uuid', (c) => c.notNull())
        // Null: a schedule of the service itself (a campus tour with no named guide).
        .addColumn('resource_id', 'uuid')
        .addColumn('time_zone', 'text', (c) => c.notNull())
        .addColumn('definition', 'jsonb', (c) => c.notNull())
        .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
        .addColumn('generated_through', 'date')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('booking_schedules_pkey', ['tenant_id', 'schedule_id'])
        .addForeignKeyConstraint(
          'booking_schedules_service',
          ['tenant_id', 'service_id'],
          'booking_services',
          ['tenant_id', 'service_id'],
        )
        .addForeignKeyConstraint(
          'booking_schedules_resource',
          ['tenant_id', 'resource_id'],
          'booking_resources',
          ['tenant_id', 'resource_id'],
        )
        .execute();

      await db.schema
        .createTable('booking_slots')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.tenant_id'))
        .addColumn('slot_id', 'uuid', (c) => c.notNull())
        // Null for a slot declared by hand rather than generated from a schedule.
        .addColumn('schedule_id', 'uuid')
        .addColumn('service_id', 'uuid', (c) => c.notNull())
        .addColumn('resource_id', 'uuid')
        .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
        .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
        .addColumn('capacity', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('free'))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('booking_slots_pkey', ['tenant_id', 'slot_id'])
        // The target of the appointments' capacity-carrying foreign key.
        .addUniqueConstraint('booking_slots_capacity_key', ['tenant_id', 'slot_id', 'capacity'])
        // Generating the same schedule twice creates nothing new.
        .addUniqueConstraint('booking_slots_schedule_start', ['tenant_id', 'schedule_id', 'starts_at'])
        .addForeignKeyConstraint('booking_slots_service', ['tenant_id', 'service_id'], 'booking_services', [
          'tenant_id',
          'service_id',
        ])
        .addForeignKeyConstraint(
          'booking_slots_resource',
          ['tenant_id', 'resource_id'],
          'booking_resources',
          ['tenant_id', 'resource_id'],
        )
        .addForeignKeyConstraint(
          'booking_slots_schedule',
          ['tenant_id', 'schedule_id'],
          'booking_schedules',
          ['tenant_id', 'schedule_id'],
        )
        .addCheckConstraint('booking_slots_time', sql`ends_at > starts_at`)
        .addCheckConstraint('booking_slots_capacity', sql`capacity >= 1`)
        .addCheckConstraint('booking_slots_status', sql`status in ('free', 'blocked')`)
        .execute();
      await sql`create index booking_slots_service_start on booking_slots (tenant_id, service_id, starts_at)`.execute(
        db,
      );
      await sql`create index booking_slots_resource_start on booking_slots (tenant_id, resource_id, starts_at)
        where resource_id is not null`.execute(db);

      await db.schema
        .createTable('appointments')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.tenant_id'))
        .addColumn('appointment_id', 'uuid', (c) => c.notNull())
        .addColumn('slot_id', 'uuid', (c) => c.notNull())
        .addColumn('place', 'integer', (c) => c.notNull())
        .addColumn('slot_capacity', 'integer', (c) => c.notNull())
        .addColumn('contact_id', 'uuid', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('hold_expires_at', 'timestamptz')
        .addColumn('confirmation_code', 'text', (c) => c.notNull())
        .addColumn('idempotency_key', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('conversation_id', 'uuid')
        .addColumn('booked_by_id', 'uuid')
        // Access attributes copied at booking time so that rules need no join (core/access).
        .addColumn('care_team', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
        .addColumn('school_id', 'text')
        // The reason for the visit, sealed under the contact's key: it is health data.
        .addColumn('note', 'bytea')
        .addColumn('cancel_reason', 'text')
        .addColumn('reminder_due_at', 'timestamptz')
        .addColumn('reminder_sent_at', 'timestamptz')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('cancelled_at', 'timestamptz')
        .addPrimaryKeyConstraint('appointments_pkey', ['tenant_id', 'appointment_id'])
        .addUniqueConstraint('appointments_confirmation_code', ['tenant_id', 'confirmation_code'])
        .addUniqueConstraint('appointments_idempotency_key', ['tenant_id', 'idempotency_key'])
        // The appointment carries its slot's capacity, checked by the key: changing the capacity
        // cascades here and re-runs the place check below.
        .addForeignKeyConstraint(
          'appointments_slot_capacity',
          ['tenant_id', 'slot_id', 'slot_capacity'],
          'booking_slots',
          ['tenant_id', 'slot_id', 'capacity'],
          (fk) => fk.onUpdate('cascade'),
        )
        .addForeignKeyConstraint('appointments_contact', ['tenant_id', 'contact_id'], 'contacts', [
          'tenant_id',
          'contact_id',
        ])
        .addForeignKeyConstraint(
          'appointments_conversation',
          ['tenant_id', 'conversation_id'],
          'conversations',
          ['tenant_id', 'conversation_id'],
        )
        // An active appointment holds a place within the capacity; a cancelled or past one keeps
        // its number as history, so lowering a capacity is refused only by active places.
        .addCheckConstraint(
          'appointments_place',
          sql`place >= 1 and (place <= slot_capacity or status not in ('pending', 'booked'))`,
        )
        .addCheckConstraint(
          'appointments_status',
          sql`status in ('pending', 'booked', 'cancelled', 'noshow', 'fulfilled')`,
        )
        .addCheckConstraint('appointments_hold', sql`(status = 'pending') = (hold_expires_at is not null)`)
        .addCheckConstraint(
          'appointments_cancelled',
          sql`(status = 'cancelled') = (cancelled_at is not null)`,
        )
        .addCheckConstraint('appointments_code_shape', sql`confirmation_code ~ '^[A-HJKMNP-Z2-9]{8}$'`)
        .addCheckConstraint(
          'appointments_idempotency_key_shape',
          sql`char_length(idempotency_key) between 1 and 128`,
        )
        .addCheckConstraint('appointments_channel', sql`channel ~ '^[a-z][a-z0-9_-]{0,31}$'`)
        .addCheckConstraint(
          'appointments_cancel_reason',
          sql`cancel_reason is null or cancel_reason ~ '^[a-z][a-z0-9-]{0,39}$'`,
        )
        .execute();
      // No double booking, by construction: one active appointment per place, and places run
      // from 1 to the slot's capacity (above), so a slot never holds more than its capacity.
      await sql`create unique index appointments_active_place on appointments (tenant_id, slot_id, place)
        where status in ('pending', 'booked')`.execute(db);
      await sql`create index appointments_contact on appointments (tenant_id, contact_id, created_at)`.execute(
        db,
      );
      await sql`create index appointments_slot on appointments (tenant_id, slot_id)`.execute(db);
      // The reminder queue: booked, due, not yet sent.
      await sql`create index appointments_reminder_due on appointments (reminder_due_at)
        where status = 'booked' and reminder_sent_at is null and reminder_due_at is not null`.execute(db);

      for (const table of BOOKING_TABLES) {
        for (const statement of tenantIsolationSql(table)) await sql.raw(statement).execute(db);
      }
    },
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    async down(db: Kysely<any>) {
      for (const table of [...BOOKING_TABLES].reverse()) await db.schema.dropTable(table).execute();
    },
  },
  // A reminder is leased before it is sent, so that sending happens outside the claiming
  // transaction (a channel may write to this database) and a crashed sender's lease runs out.
  '2026_11_27_0200_core_booking_reminder_lease': {
    // biome-ignore lint/suspicious/noExplicitAny: a migration is frozen against the schema of its day.
    async up(db: Kysely<any>) {
      await db.schema.alterTable('appointments').addColumn('reminder_claimed_at', 'timestamptz').execute();
    },
  },
};
