import type { ShopDatabase } from '../../../src/demo/index.js';

/**
 * The shop's schema for MySQL/MariaDB, column for column the PostgreSQL one in
 * src/demo/shop-schema.ts: InnoDB for real foreign keys, DATETIME(3) for timestamps (stored in
 * UTC by the connection), VARCHAR where a column is indexed.
 */
const SHOP = `
create table customers (
  id int primary key,
  name varchar(200) not null,
  email varchar(254) not null unique,
  phone varchar(32),
  birth_date date,
  default_address_id int,
  marketing_opt_in boolean not null default false,
  processing_restricted boolean not null default false,
  created_at datetime(3) not null,
  key customers_phone (phone)
) engine = InnoDB;

create table addresses (
  id int primary key,
  customer_id int not null,
  label varchar(40) not null,
  line1 varchar(200) not null,
  city varchar(100) not null,
  postal_code varchar(16) not null,
  country char(2) not null,
  key addresses_customer (customer_id),
  constraint addresses_customer_fk foreign key (customer_id) references customers (id)
) engine = InnoDB;

alter table customers add constraint customers_default_address_fk
  foreign key (default_address_id) references addresses (id);

create table customer_emails (
  customer_id int not null,
  email varchar(254) not null unique,
  verified_at datetime(3),
  primary key (customer_id, email),
  constraint customer_emails_customer_fk foreign key (customer_id) references customers (id)
) engine = InnoDB;

create table products (
  id int primary key,
  sku varchar(32) not null unique,
  name varchar(200) not null,
  price decimal(10, 2) not null
) engine = InnoDB;

create table payment_methods (
  id int primary key,
  customer_id int not null,
  brand varchar(32) not null,
  last4 char(4) not null,
  holder_name varchar(200) not null,
  expires_on date not null,
  key payment_methods_customer (customer_id),
  constraint payment_methods_customer_fk foreign key (customer_id) references customers (id)
) engine = InnoDB;

create table orders (
  id int primary key,
  customer_id int not null,
  shipping_address_id int,
  payment_method_id int,
  placed_at datetime(3) not null,
  status varchar(32) not null,
  total decimal(10, 2) not null,
  key orders_customer (customer_id),
  constraint orders_customer_fk foreign key (customer_id) references customers (id),
  constraint orders_shipping_address_fk foreign key (shipping_address_id) references addresses (id),
  constraint orders_payment_method_fk foreign key (payment_method_id) references payment_methods (id)
) engine = InnoDB;

create table order_lines (
  order_id int not null,
  line_no int not null,
  product_id int not null,
  quantity int not null,
  unit_price decimal(10, 2) not null,
  gift_message text,
  primary key (order_id, line_no),
  constraint order_lines_order_fk foreign key (order_id) references orders (id),
  constraint order_lines_product_fk foreign key (product_id) references products (id)
) engine = InnoDB;

create table logins (
  id int primary key,
  customer_id int not null,
  logged_in_at datetime(3) not null,
  ip_address varchar(45) not null,
  user_agent varchar(400),
  key logins_customer (customer_id),
  constraint logins_customer_fk foreign key (customer_id) references customers (id)
) engine = InnoDB;

create table agents (
  id int primary key,
  name varchar(200) not null,
  email varchar(254) not null unique
) engine = InnoDB;

create table support_tickets (
  id int primary key,
  customer_id int,
  email varchar(254) not null,
  agent_id int,
  subject varchar(200) not null,
  body text not null,
  opened_at datetime(3) not null,
  status varchar(32) not null,
  key support_tickets_customer (customer_id),
  key support_tickets_email (email),
  constraint support_tickets_customer_fk foreign key (customer_id) references customers (id),
  constraint support_tickets_agent_fk foreign key (agent_id) references agents (id)
) engine = InnoDB;
`;

const NEWSLETTER = `
create table subscribers (
  id int primary key,
  email varchar(254) not null unique,
  first_name varchar(100),
  subscribed_at datetime(3) not null,
  consent_source varchar(100) not null,
  restricted boolean not null default false
) engine = InnoDB;

create table campaign_events (
  id int primary key,
  subscriber_id int not null,
  campaign varchar(100) not null,
  event varchar(32) not null,
  occurred_at datetime(3) not null,
  key campaign_events_subscriber (subscriber_id),
  constraint campaign_events_subscriber_fk foreign key (subscriber_id) references subscribers (id)
) engine = InnoDB;
`;

const BILLING = `
create table billing_accounts (
  id int primary key,
  customer_id int not null,
  name varchar(200) not null,
  email varchar(254) not null,
  vat_number varchar(32),
  street varchar(200) not null,
  city varchar(100) not null,
  country char(2) not null,
  key billing_accounts_customer (customer_id),
  key billing_accounts_email (email)
) engine = InnoDB;

create table invoices (
  id int primary key,
  number varchar(32) not null unique,
  account_id int not null,
  customer_id int not null,
  issued_at date not null,
  billing_name varchar(200) not null,
  billing_address varchar(400) not null,
  total decimal(10, 2) not null,
  key invoices_customer (customer_id),
  constraint invoices_account_fk foreign key (account_id) references billing_accounts (id)
) engine = InnoDB;
`;

/** The DDL of each database for MySQL/MariaDB, one statement per `;`. */
export const SHOP_MYSQL_DDL: Readonly<Record<ShopDatabase, string>> = {
  shop: SHOP,
  newsletter: NEWSLETTER,
  billing: BILLING,
};

/** The statements of a DDL text (mysql2 runs one at a time unless multipleStatements is on). */
export function statements(ddl: string): string[] {
  return ddl
    .split(';')
    .map((statement) => statement.trim())
    .filter((statement) => statement !== '');
}
