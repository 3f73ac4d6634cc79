create table customers (id integer primary key, email varchar(200), name varchar(200)) engine = InnoDB;
create table invoices (id integer primary key, customer_id integer not null,
  number varchar(40) not null, issued_on date not null, total decimal(10, 2) not null,
  foreign key (customer_id) references customers (id)) engine = InnoDB;
create table invoice_lines (invoice_id integer not null, line_no integer not null,
  description varchar(200) not null, amount decimal(10, 2) not null,
  primary key (invoice_id, line_no), foreign key (invoice_id) references invoices (id)) engine = InnoDB;
create table payments (id integer primary key, invoice_id integer not null, paid_on date not null,
  amount decimal(10, 2) not null, card_last4 varchar(4),
  foreign key (invoice_id) references invoices (id)) engine = InnoDB;
create table refunds (id integer primary key, payment_id integer not null,
  amount decimal(10, 2) not null, foreign key (payment_id) references payments (id)) engine = InnoDB;
