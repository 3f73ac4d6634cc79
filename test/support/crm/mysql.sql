-- The same CRM on MariaDB/MySQL. contacts.email has a binary (case-sensitive) collation and no
-- index, so a case-insensitive lookup needs lower(); signups.email keeps the default *_ci
-- collation, which compares case-insensitively, with a plain index that serves it.
create table contacts (
  id integer primary key,
  email varchar(200) character set utf8mb4 collate utf8mb4_bin not null,
  full_name varchar(200) not null,
  phone varchar(40),
  referred_by integer,
  created_on date not null,
  foreign key (referred_by) references contacts (id)
) engine = InnoDB;
create table signups (
  id integer primary key,
  email varchar(200) character set utf8mb4 collate utf8mb4_general_ci not null,
  list_name varchar(100) not null,
  signed_up_on date not null,
  index signups_email (email)
) engine = InnoDB;
create table addresses (
  id integer primary key,
  contact_id integer not null,
  line1 varchar(200) not null,
  city varchar(100) not null,
  foreign key (contact_id) references contacts (id)
) engine = InnoDB;
create table billing_addresses (
  id integer primary key,
  contact_id integer not null,
  line1 varchar(200) not null,
  city varchar(100) not null,
  vat_number varchar(40),
  foreign key (contact_id) references contacts (id)
) engine = InnoDB;
create table notes (
  id integer primary key,
  contact_id integer not null,
  body varchar(2000) not null,
  written_on date not null,
  foreign key (contact_id) references contacts (id)
) engine = InnoDB;
