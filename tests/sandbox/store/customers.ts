// Customers of the sandbox store: accounts (v3 shapes), hashed passwords, the global and
// per-channel customer settings, the channel login rules and validate-credentials with its own
// abuse limit. Seeded deterministically; every seeded shopper's password is SEED_PASSWORD.
import { createHash } from 'node:crypto';
import { ApiError, invalid, notFound } from '../errors';
import { GENERATED_AT } from '../generator';
import { hashPassword, verifyPassword, weakPasswordReason } from '../passwords';
import type { SandboxStore } from '.';
import type { ChannelCustomerSettings, Customer, CustomerAddress, CustomerSettings } from '../types';

type Json = Record<string, unknown>;

/** Password of every seeded customer (README, "The sandbox store"). */
export const SEED_PASSWORD = 'Passw0rd!';

interface SeedCustomer {
  email: string;
  first_name: string;
  last_name: string;
  channel_ids: number[] | null;
  origin_channel_id: number;
  city: string;
  state: string;
  postal_code: string;
  /** 0 (or absent): no group, the retail price. */
  customer_group_id?: number;
}

/**
 * shopper1: global access (channel 1 allows global logins, channel 2 does not);
 * shopper2: channel 2 only, in the Wholesale customer group; shopper3: channels 1 and 2; shopper4: global, no address.
 */
export const SEED_CUSTOMERS: readonly SeedCustomer[] = [
  {
    email: 'shopper1@example.com',
    first_name: 'Alex',
    last_name: 'Morgan',
    channel_ids: null,
    origin_channel_id: 1,
    city: 'Austin',
    state: 'Texas',
    postal_code: '78701',
  },
  {
    email: 'shopper2@example.com',
    first_name: 'Blair',
    last_name: 'Chen',
    channel_ids: [2],
    origin_channel_id: 2,
    city: 'Portland',
    state: 'Oregon',
    postal_code: '97201',
    // The seeded Wholesale group (store/pricing.ts): its price list applies to shopper2.
    customer_group_id: 1,
  },
  {
    email: 'shopper3@example.com',
    first_name: 'Casey',
    last_name: 'Diaz',
    channel_ids: [1, 2],
    origin_channel_id: 1,
    city: 'Denver',
    state: 'Colorado',
    postal_code: '80202',
  },
  { email: 'shopper4@example.com', first_name: 'Devon', last_name: 'Ellis', channel_ids: null, origin_channel_id: 1, city: '', state: '', postal_code: '' },
];

/** Customers v3 prints dates as 2018-11-13T21:42:06Z. */
export const isoDate = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface CredentialLimit {
  /** Attempts per email address within windowMs. Default 10 per 60 s. */
  attempts: number;
  windowMs: number;
}

/** Sliding-window counter per key (an email address) for the credential-check endpoints. */
export class AttemptLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    public config: CredentialLimit | false,
    private readonly now: () => number
  ) {}

  /** Records an attempt; returns the ms to wait when the key is over its quota. */
  take(key: string): { allowed: true } | { allowed: false; retryMs: number } {
    if (!this.config) return { allowed: true };
    const t = this.now();
    const recent = (this.hits.get(key) ?? []).filter((at) => t - at < (this.config as CredentialLimit).windowMs);
    if (recent.length >= this.config.attempts) {
      this.hits.set(key, recent);
      return { allowed: false, retryMs: recent[0] + this.config.windowMs - t };
    }
    recent.push(t);
    this.hits.set(key, recent);
    return { allowed: true };
  }

  reset(): void {
    this.hits.clear();
  }
}

function requireArray(raw: unknown, max: number): Json[] {
  if (!Array.isArray(raw) || raw.length === 0) throw invalid({ body: 'The body must be a non-empty array of customers.' });
  if (raw.length > max) throw new ApiError(413, `At most ${max} customers per request.`);
  return raw.map((c) => (typeof c === 'object' && c !== null && !Array.isArray(c) ? (c as Json) : {}));
}

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);

export class CustomerStore {
  readonly customers = new Map<number, Customer>();
  readonly channelSettings = new Map<number, ChannelCustomerSettings>();
  readonly settings: CustomerSettings = { ask_shopper_for_tracking_consent: false, policy_url: '', guest_customer_group_id: 0, default_customer_group_id: 0 };
  /** validate-credentials and v2 validate: per email address. */
  readonly attempts: AttemptLimiter;
  /** Resolves when the seeded customers' password hashes are ready. */
  readonly ready: Promise<void>;
  private nextId = 1;
  private nextAddressId = 1;

  constructor(
    private readonly store: SandboxStore,
    credentialLimit: CredentialLimit | false = { attempts: 10, windowMs: 60_000 }
  ) {
    this.attempts = new AttemptLimiter(credentialLimit, () => this.store.now());
    const pending: Array<Promise<void>> = [];
    SEED_CUSTOMERS.forEach((s, i) => {
      const id = this.nextId++;
      const created = isoDate(GENERATED_AT - (400 - i * 30) * 86_400_000);
      const c: Customer = {
        id,
        email: s.email,
        first_name: s.first_name,
        last_name: s.last_name,
        company: '',
        phone: `555-010${i}`,
        notes: '',
        tax_exempt_category: '',
        customer_group_id: s.customer_group_id ?? 0,
        registration_ip_address: '',
        date_created: created,
        date_modified: created,
        accepts_product_review_abandoned_cart_emails: i === 0,
        origin_channel_id: s.origin_channel_id,
        channel_ids: s.channel_ids,
        force_password_reset: false,
        password_hash: null,
        addresses: [],
      };
      if (s.city)
        c.addresses.push(
          this.address(id, {
            first_name: s.first_name,
            last_name: s.last_name,
            address1: `${100 + i} Main Street`,
            city: s.city,
            state_or_province: s.state,
            postal_code: s.postal_code,
            country_code: 'US',
          })
        );
      this.customers.set(id, c);
      const salt = createHash('sha256').update(`sandbox-customer:${store.seed}:${id}`).digest().subarray(0, 16);
      pending.push(hashPassword(SEED_PASSWORD, salt).then((h) => void (c.password_hash = h)));
    });
    this.ready = Promise.all(pending).then(() => undefined);
  }

  private address(customerId: number, a: Json): CustomerAddress {
    return {
      id: this.nextAddressId++,
      customer_id: customerId,
      first_name: str(a.first_name),
      last_name: str(a.last_name),
      company: str(a.company),
      address1: str(a.address1),
      address2: str(a.address2),
      city: str(a.city),
      state_or_province: str(a.state_or_province),
      postal_code: str(a.postal_code),
      country_code: str(a.country_code).toUpperCase(),
      phone: str(a.phone),
      address_type: a.address_type === 'commercial' ? 'commercial' : 'residential',
    };
  }

  private emit(scope: string, c: Customer): void {
    // The callback types channel_ids as an array of integers (docs/webhooks/callbacks): a global customer has none to send.
    const channels = c.channel_ids === null ? {} : { channel_ids: c.channel_ids };
    this.store.onEvent({ scope, data: { type: 'customer', id: c.id, origin_channel_id: c.origin_channel_id, ...channels } });
  }

  customer(id: number): Customer {
    const c = this.customers.get(id);
    if (!c) throw notFound('Customer', id);
    return c;
  }

  byEmail(email: string): Customer | undefined {
    const e = email.trim().toLowerCase();
    for (const c of this.customers.values()) if (c.email.toLowerCase() === e) return c;
    return undefined;
  }

  // ------------------------------------------------------------ settings and channel rules

  channelOverrides(channelId: number): ChannelCustomerSettings {
    let s = this.channelSettings.get(channelId);
    if (!s) {
      s = {
        allow_global_logins: null,
        ask_shopper_for_tracking_consent: null,
        policy_url: null,
        guest_customer_group_id: null,
        default_customer_group_id: null,
      };
      this.channelSettings.set(channelId, s);
    }
    return s;
  }

  /** Only the default storefront (channel 1) allows global logins unless a channel says otherwise. */
  allowsGlobalLogins(channelId: number): boolean {
    return this.channelSettings.get(channelId)?.allow_global_logins ?? channelId === 1;
  }

  /** customers.v3.yml / channel-specific-customers.mdx: global customers only where global logins are allowed. */
  canLogIn(c: Customer, channelId: number): boolean {
    if (!this.store.channels.channels.has(channelId)) return false;
    return c.channel_ids === null ? this.allowsGlobalLogins(channelId) : c.channel_ids.includes(channelId);
  }

  effectiveChannelSettings(channelId: number): Json {
    this.store.channels.channel(channelId);
    const o = this.channelSettings.get(channelId);
    return {
      privacy_settings: {
        ask_shopper_for_tracking_consent: o?.ask_shopper_for_tracking_consent ?? this.settings.ask_shopper_for_tracking_consent,
        policy_url: o?.policy_url ?? this.settings.policy_url,
      },
      customer_group_settings: {
        guest_customer_group_id: o?.guest_customer_group_id ?? this.settings.guest_customer_group_id,
        default_customer_group_id: o?.default_customer_group_id ?? this.settings.default_customer_group_id,
      },
      allow_global_logins: this.allowsGlobalLogins(channelId),
    };
  }

  globalSettings(): Json {
    return {
      privacy_settings: { ask_shopper_for_tracking_consent: this.settings.ask_shopper_for_tracking_consent, policy_url: this.settings.policy_url },
      customer_group_settings: {
        guest_customer_group_id: this.settings.guest_customer_group_id,
        default_customer_group_id: this.settings.default_customer_group_id,
      },
    };
  }

  /** Reads {privacy_settings, customer_group_settings[, allow_global_logins]}; null clears a channel override. */
  private checkSettings(raw: unknown, channel: boolean): Array<[keyof ChannelCustomerSettings, unknown]> {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ApiError(400, 'The request body must be a JSON object.');
    const b = raw as Json;
    const errors: Record<string, string> = {};
    const out: Array<[keyof ChannelCustomerSettings, unknown]> = [];
    const take = (obj: unknown, group: string, key: keyof ChannelCustomerSettings, kind: 'bool' | 'string' | 'int'): void => {
      if (typeof obj !== 'object' || obj === null || !(key in obj)) return;
      const v = (obj as Json)[key];
      const ok =
        (v === null && channel) ||
        (kind === 'bool' ? typeof v === 'boolean' : kind === 'string' ? typeof v === 'string' : Number.isInteger(v) && (v as number) >= 0);
      if (!ok)
        errors[`${group}${key}`] =
          `${key} must be a ${kind === 'bool' ? 'boolean' : kind === 'int' ? 'non-negative integer' : 'string'}${channel ? ' or null' : ''}.`;
      else out.push([key, v]);
    };
    take(b.privacy_settings, 'privacy_settings.', 'ask_shopper_for_tracking_consent', 'bool');
    take(b.privacy_settings, 'privacy_settings.', 'policy_url', 'string');
    take(b.customer_group_settings, 'customer_group_settings.', 'guest_customer_group_id', 'int');
    take(b.customer_group_settings, 'customer_group_settings.', 'default_customer_group_id', 'int');
    if (channel) take(b, '', 'allow_global_logins', 'bool');
    else if ('allow_global_logins' in b) errors.allow_global_logins = 'allow_global_logins is a per-channel setting.';
    if (Object.keys(errors).length) throw invalid(errors);
    return out;
  }

  updateGlobalSettings(raw: unknown): Json {
    for (const [k, v] of this.checkSettings(raw, false)) (this.settings as unknown as Json)[k] = v;
    return this.globalSettings();
  }

  updateChannelSettings(channelId: number, raw: unknown): Json {
    this.store.channels.channel(channelId);
    const changes = this.checkSettings(raw, true);
    const o = this.channelOverrides(channelId);
    for (const [k, v] of changes) (o as unknown as Json)[k] = v;
    return this.effectiveChannelSettings(channelId);
  }

  // ------------------------------------------------------------ create, update, delete

  private checkCustomer(c: Json, at: string, errors: Record<string, string>, partial: boolean, taken: Set<string>, self?: Customer): void {
    const need = (k: string, min: number, max: number): void => {
      const v = c[k];
      if (v === undefined) {
        if (!partial) errors[`${at}.${k}`] = `${k} is required.`;
        return;
      }
      if (typeof v !== 'string' || v.length < min || v.length > max) errors[`${at}.${k}`] = `${k} must be a string of ${min} to ${max} characters.`;
    };
    need('email', 3, 255);
    need('first_name', 1, 100);
    need('last_name', 1, 100);
    for (const [k, max] of [
      ['company', 255],
      ['phone', 50],
      ['notes', 65535],
      ['tax_exempt_category', 255],
      ['registration_ip_address', 30],
    ] as const) {
      if (c[k] !== undefined && (typeof c[k] !== 'string' || (c[k] as string).length > max))
        errors[`${at}.${k}`] = `${k} must be a string of at most ${max} characters.`;
    }
    if (typeof c.email === 'string') {
      const e = c.email.trim().toLowerCase();
      if (!EMAIL.test(e)) errors[`${at}.email`] = 'email must be a valid email address.';
      else {
        const other = this.byEmail(e);
        if ((other && other !== self) || taken.has(e)) errors[`${at}.email`] = `The email address ${c.email} is already in use.`;
        taken.add(e);
      }
    }
    if (c.customer_group_id !== undefined && !(Number.isInteger(c.customer_group_id) && (c.customer_group_id as number) >= 0))
      errors[`${at}.customer_group_id`] = 'customer_group_id must be a non-negative integer.';
    if (c.accepts_product_review_abandoned_cart_emails !== undefined && typeof c.accepts_product_review_abandoned_cart_emails !== 'boolean') {
      errors[`${at}.accepts_product_review_abandoned_cart_emails`] = 'Must be a boolean.';
    }
    if (c.origin_channel_id !== undefined && !(Number.isInteger(c.origin_channel_id) && this.store.channels.channels.has(c.origin_channel_id as number))) {
      errors[`${at}.origin_channel_id`] = 'origin_channel_id must be an existing channel.';
    }
    if (c.channel_ids !== undefined && c.channel_ids !== null) {
      const ids = c.channel_ids;
      if (!Array.isArray(ids) || ids.length === 0) errors[`${at}.channel_ids`] = 'channel_ids must be null or a non-empty array of channel ids.';
      else if (ids.some((x) => !Number.isInteger(x) || !this.store.channels.channels.has(x as number)))
        errors[`${at}.channel_ids`] = 'channel_ids must list existing channels.';
    }
    const auth = c.authentication;
    if (auth !== undefined) {
      if (typeof auth !== 'object' || auth === null) errors[`${at}.authentication`] = 'authentication must be an object.';
      else {
        const a = auth as Json;
        if (a.force_password_reset !== undefined && typeof a.force_password_reset !== 'boolean')
          errors[`${at}.authentication.force_password_reset`] = 'Must be a boolean.';
        if (a.new_password !== undefined) {
          const weak = typeof a.new_password === 'string' ? weakPasswordReason(a.new_password) : 'new_password must be a string.';
          if (weak) errors[`${at}.authentication.new_password`] = weak;
        }
      }
    }
    if (c.addresses !== undefined) {
      if (!Array.isArray(c.addresses) || c.addresses.length > 10) errors[`${at}.addresses`] = 'addresses must be an array of at most 10 addresses.';
      else {
        c.addresses.forEach((a: unknown, j: number) => {
          const o = (typeof a === 'object' && a !== null ? a : {}) as Json;
          for (const k of ['first_name', 'last_name', 'address1', 'city', 'country_code']) {
            if (typeof o[k] !== 'string' || !(o[k] as string)) errors[`${at}.addresses[${j}].${k}`] = `${k} is required.`;
          }
          if (typeof o.country_code === 'string' && !/^[A-Za-z]{2}$/.test(o.country_code))
            errors[`${at}.addresses[${j}].country_code`] = 'country_code must be an ISO 3166-1 alpha-2 code.';
        });
      }
    }
    if (Array.isArray(c.attributes) && c.attributes.length > 0) errors[`${at}.attributes`] = 'Customer attributes do not exist in this store.';
  }

  async create(raw: unknown, origin: { ip?: string } = {}): Promise<Customer[]> {
    const input = requireArray(raw, 10);
    const errors: Record<string, string> = {};
    const taken = new Set<string>();
    input.forEach((c, i) => this.checkCustomer(c, `[${i}]`, errors, false, taken));
    if (Object.keys(errors).length) throw invalid(errors, 'The customers could not be created.');
    const hashes = await Promise.all(
      input.map((c) => {
        const pw = (c.authentication as Json | undefined)?.new_password;
        return typeof pw === 'string' ? hashPassword(pw) : Promise.resolve(null);
      })
    );
    // Re-check e-mail uniqueness: another request may have taken an address while we hashed.
    input.forEach((c, i) => {
      if (this.byEmail(c.email as string)) errors[`[${i}].email`] = `The email address ${c.email as string} is already in use.`;
    });
    if (Object.keys(errors).length) throw invalid(errors, 'The customers could not be created.');
    const now = isoDate(this.store.now());
    return input.map((c, i) => {
      const id = this.nextId++;
      const customer: Customer = {
        id,
        email: (c.email as string).trim(),
        first_name: c.first_name as string,
        last_name: c.last_name as string,
        company: str(c.company),
        phone: str(c.phone),
        notes: str(c.notes),
        tax_exempt_category: str(c.tax_exempt_category),
        customer_group_id: (c.customer_group_id as number | undefined) ?? this.settings.default_customer_group_id,
        registration_ip_address: str(c.registration_ip_address, origin.ip ?? ''),
        date_created: now,
        date_modified: now,
        accepts_product_review_abandoned_cart_emails: (c.accepts_product_review_abandoned_cart_emails as boolean | undefined) ?? false,
        origin_channel_id: (c.origin_channel_id as number | undefined) ?? 1,
        channel_ids: (c.channel_ids as number[] | null | undefined) ?? null,
        force_password_reset: ((c.authentication as Json | undefined)?.force_password_reset as boolean | undefined) ?? false,
        password_hash: hashes[i],
        addresses: [],
      };
      customer.addresses = ((c.addresses as Json[] | undefined) ?? []).map((a) => this.address(id, a));
      this.customers.set(id, customer);
      this.emit('store/customer/created', customer);
      return customer;
    });
  }

  async update(raw: unknown): Promise<Customer[]> {
    const input = requireArray(raw, 10);
    const errors: Record<string, string> = {};
    const taken = new Set<string>();
    const targets = input.map((c, i) => {
      const target = Number.isInteger(c.id) ? this.customers.get(c.id as number) : undefined;
      if (!target) errors[`[${i}].id`] = 'id must be the id of an existing customer.';
      this.checkCustomer(c, `[${i}]`, errors, true, taken, target);
      if (c.addresses !== undefined) errors[`[${i}].addresses`] = 'Addresses are managed with /customers/addresses.';
      return target as Customer;
    });
    if (Object.keys(errors).length) throw invalid(errors, 'The customers could not be updated.');
    const hashes = await Promise.all(
      input.map((c) => {
        const pw = (c.authentication as Json | undefined)?.new_password;
        return typeof pw === 'string' ? hashPassword(pw) : Promise.resolve(undefined);
      })
    );
    const now = isoDate(this.store.now());
    return input.map((c, i) => {
      const t = targets[i];
      for (const k of [
        'email',
        'first_name',
        'last_name',
        'company',
        'phone',
        'notes',
        'tax_exempt_category',
        'registration_ip_address',
        'customer_group_id',
        'accepts_product_review_abandoned_cart_emails',
        'origin_channel_id',
      ] as const) {
        if (c[k] !== undefined) (t as unknown as Json)[k] = k === 'email' ? (c[k] as string).trim() : c[k];
      }
      if (c.channel_ids !== undefined) t.channel_ids = c.channel_ids as number[] | null;
      const auth = c.authentication as Json | undefined;
      if (typeof auth?.force_password_reset === 'boolean') t.force_password_reset = auth.force_password_reset;
      if (hashes[i] !== undefined) t.password_hash = hashes[i] as string;
      t.date_modified = now;
      this.emit('store/customer/updated', t);
      return t;
    });
  }

  delete(ids: number[]): void {
    for (const id of ids) {
      const c = this.customers.get(id);
      if (!c) continue;
      this.customers.delete(id);
      this.emit('store/customer/deleted', c);
    }
  }

  // ------------------------------------------------------------ credentials

  private limited(key: string): void {
    const verdict = this.attempts.take(key.trim().toLowerCase());
    if (!verdict.allowed) {
      const seconds = Math.max(1, Math.ceil(verdict.retryMs / 1000));
      throw new ApiError(429, 'Too many login attempts for this account; try again later.', {}, `Retry after ${seconds} s.`, {
        headers: { 'x-retry-after': String(seconds) },
      });
    }
  }

  /** POST /customers/validate-credentials: a bare {is_valid, customer_id}; customer_id only when valid. */
  async validateCredentials(raw: unknown): Promise<{ is_valid: boolean; customer_id: number | null }> {
    const b = (typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {}) as Json;
    const errors: Record<string, string> = {};
    if (typeof b.email !== 'string' || !b.email) errors.email = 'email is required.';
    if (typeof b.password !== 'string' || !b.password) errors.password = 'password is required.';
    if (b.channel_id !== undefined && !Number.isInteger(b.channel_id)) errors.channel_id = 'channel_id must be an integer.';
    if (Object.keys(errors).length) throw invalid(errors);
    const channelId = (b.channel_id as number | undefined) ?? 1;
    if (!this.store.channels.channels.has(channelId)) throw invalid({ channel_id: `Channel ${channelId} does not exist.` });
    this.limited(b.email as string);
    const c = this.byEmail(b.email as string);
    // Hash even for unknown addresses, so timing does not reveal which e-mails have accounts.
    const ok = await verifyPassword(
      b.password as string,
      c?.password_hash ?? 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
    );
    if (!c || !ok || !this.canLogIn(c, channelId)) return { is_valid: false, customer_id: null };
    return { is_valid: true, customer_id: c.id };
  }

  /** v2 POST /customers/{id}/validate: {success} for the customer's current password. */
  async validatePassword(id: number, raw: unknown): Promise<{ success: boolean }> {
    const c = this.customer(id);
    const b = (typeof raw === 'object' && raw !== null ? raw : {}) as Json;
    if (typeof b.password !== 'string') throw new ApiError(400, 'password is required.');
    this.limited(c.email);
    return { success: await verifyPassword(b.password, c.password_hash) };
  }
}
