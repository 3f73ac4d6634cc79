-- A CRM as companies run it, on PostgreSQL (and PGlite): not written with Custodian in mind.
-- contacts.email is plain text in the case people typed it, with no normalising index; signups
-- has the lower(email) index a careful company adds. A contact names the contact who referred
-- them (referred_by), and addresses live in two tables.
create table contacts (
  id integer primary key,
  email text not null,
  full_name text not null,
  phone text,
  referred_by integer references contacts (id),
  created_on date not null
);
create table signups (
  id integer primary key,
  email text not null,
  list_name text not null,
  signed_up_on date not null
);
create index signups_email_lower on signups (lower(email));
create table addresses (
  id integer primary key,
  contact_id integer not null references contacts (id),
  line1 text not null,
  city text not null
);
create table billing_addresses (
  id integer primary key,
  contact_id integer not null references contacts (id),
  line1 text not null,
  city text not null,
  vat_number text
);
create table notes (
  id integer primary key,
  contact_id integer not null references contacts (id),
  body text not null,
  written_on date not null
);
