/** A tenant: one hospital or one school, with its own data, keys, audit log and settings. */
export type TenantId = string & { readonly __brand: 'TenantId' };

export interface Tenant {
  readonly id: TenantId;
  readonly slug: string;
  readonly name: string;
  readonly vertical: string;
  readonly locale: string;
  readonly timeZone: string;
  readonly displayNames: Readonly<Record<string, string>>;
  readonly createdAt: Date;
}

export interface NewTenant {
  readonly slug: string;
  readonly name: string;
  readonly vertical: string;
  readonly locale: string;
  readonly timeZone: string;
  readonly displayNames?: Readonly<Record<string, string>>;
}
