create table customers (id integer primary key, email text, name text);
create table invoices (id integer primary key, customer_id integer not null references customers (id),
  number text not null, issued_on date not null, total numeric(10, 2) not null);
create table invoice_lines (invoice_id integer not null references invoices (id),
  line_no integer not null, description text not null, amount numeric(10, 2) not null,
  primary key (invoice_id, line_no));
create table payments (id integer primary key, invoice_id integer not null references invoices (id),
  paid_on date not null, amount numeric(10, 2) not null, card_last4 text);
create table refunds (id integer primary key, payment_id integer not null references payments (id),
  amount numeric(10, 2) not null);
