/**
 * The demo shop's schema on PostgreSQL (and PGlite): three databases a small web shop really has.
 *
 * - `shop`: customers, their extra emails, addresses, payment methods, orders and their lines
 *   (composite key), logins, support tickets answered by agents, and products (no personal data).
 *   customers.default_address_id and addresses.customer_id reference each other: a foreign-key
 *   cycle, as in most shops, that an erasure must break before it can delete.
 * - `newsletter`: the mailing tool's own database, keyed by email only.
 * - `billing`: invoices, kept for the years tax law requires, referencing the shop's customer id
 *   across databases (no foreign key can), and billing accounts they reference by a real key.
 *
 * Every column a person is looked up by is indexed, as in a shop that answers its own queries.
 * The same schema for MariaDB is in test/support/shop/mysql.ts; the two are kept column for column.
 */
export type ShopDatabase = 'shop' | 'newsletter' | 'billing';

export const SHOP_DATABASES: readonly ShopDatabase[] = ['shop', 'newsletter', 'billing'];

const SHOP = `
create table customers (
  id integer primary key,
  name text not null,
  email text not null unique,
  phone text,
  birth_date date,
  default_address_id integer,
  marketing_opt_in boolean not null default false,
  processing_restricted boolean not null default false,
  created_at timestamptz not null
);
create index customers_phone on customers (phone);

create table addresses (
  id integer primary key,
  customer_id integer not null references customers (id),
  label text not null,
  line1 text not null,
  city text not null,
  postal_code text not null,
  country char(2) not null
);
create index addresses_customer on addresses (customer_id);

alter table customers add constraint customers_default_address_fk
  foreign key (default_address_id) references addresses (id);

create table customer_emails (
  customer_id integer not null references customers (id),
  email text not null unique,
  verified_at timestamptz,
  primary key (customer_id, email)
);

create table products (
  id integer primary key,
  sku text not null unique,
  name text not null,
  price numeric(10, 2) not null
);

create table payment_methods (
  id integer primary key,
  customer_id integer not null references customers (id),
  brand text not null,
  last4 char(4) not null,
  holder_name text not null,
  expires_on date not null
);
create index payment_methods_customer on payment_methods (customer_id);

create table orders (
  id integer primary key,
  customer_id integer not null references customers (id),
  shipping_address_id integer references addresses (id),
  payment_method_id integer references payment_methods (id),
  placed_at timestamptz not null,
  status text not null,
  total numeric(10, 2) not null
);
create index orders_customer on orders (customer_id);
create index orders_shipping_address on orders (shipping_address_id);
create index orders_payment_method on orders (payment_method_id);

create table order_lines (
  order_id integer not null references orders (id),
  line_no integer not null,
  product_id integer not null references products (id),
  quantity integer not null,
  unit_price numeric(10, 2) not null,
  gift_message text,
  primary key (order_id, line_no)
);

create table logins (
  id integer primary key,
  customer_id integer not null references customers (id),
  logged_in_at timestamptz not null,
  ip_address text not null,
  user_agent text
);
create index logins_customer on logins (customer_id);

create table agents (
  id integer primary key,
  name text not null,
  email text not null unique
);

create table support_tickets (
  id integer primary key,
  customer_id integer references customers (id),
  email text not null,
  agent_id integer references agents (id),
  subject text not null,
  body text not null,
  opened_at timestamptz not null,
  status text not null
);
create index support_tickets_customer on support_tickets (customer_id);
create index support_tickets_email on support_tickets (email);
create index support_tickets_agent on support_tickets (agent_id);
`;

const NEWSLETTER = `
create table subscribers (
  id integer primary key,
  email text not null unique,
  first_name text,
  subscribed_at timestamptz not null,
  consent_source text not null,
  restricted boolean not null default false
);

create table campaign_events (
  id integer primary key,
  subscriber_id integer not null references subscribers (id),
  campaign text not null,
  event text not null,
  occurred_at timestamptz not null
);
create index campaign_events_subscriber on campaign_events (subscriber_id);
`;

const BILLING = `
create table billing_accounts (
  id integer primary key,
  customer_id integer not null,
  name text not null,
  email text not null,
  vat_number text,
  street text not null,
  city text not null,
  country char(2) not null
);
create index billing_accounts_customer on billing_accounts (customer_id);
create index billing_accounts_email on billing_accounts (email);

create table invoices (
  id integer primary key,
  number text not null unique,
  account_id integer not null references billing_accounts (id),
  customer_id integer not null,
  issued_at date not null,
  billing_name text not null,
  billing_address text not null,
  total numeric(10, 2) not null
);
create index invoices_account on invoices (account_id);
create index invoices_customer on invoices (customer_id);
`;

/** The DDL of each database, for PostgreSQL and PGlite. */
export const SHOP_POSTGRES_DDL: Readonly<Record<ShopDatabase, string>> = {
  shop: SHOP,
  newsletter: NEWSLETTER,
  billing: BILLING,
};

/**
 * The tables of each database in an order that inserts without breaking a foreign key (the
 * cycle aside: customers go in without their default address, which is set afterwards).
 */
export const SHOP_TABLES: Readonly<Record<ShopDatabase, readonly string[]>> = {
  shop: [
    'customers',
    'addresses',
    'customer_emails',
    'products',
    'payment_methods',
    'orders',
    'order_lines',
    'logins',
    'agents',
    'support_tickets',
  ],
  newsletter: ['subscribers', 'campaign_events'],
  billing: ['billing_accounts', 'invoices'],
};
