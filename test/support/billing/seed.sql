-- The same rows on PostgreSQL and MariaDB (standard SQL). The tests run on 2026-06-15.
-- Ana (customer 1) has invoice 10, issued 2023-03-10 (held until 2033-03-09), with two lines,
-- a payment and a refund of it; and invoice 11, issued 2015-02-01 (its hold ended 2025-01-31),
-- with two lines and a payment. Bruno (customer 2) has invoice 20 of 2025, a line and a payment.
insert into customers (id, email, name) values
  (1, 'ana@example.com', 'Ana Example'),
  (2, 'bruno@example.com', 'Bruno Example');
insert into invoices (id, customer_id, number, issued_on, total) values
  (10, 1, 'INV-2023-0010', '2023-03-10', 120.00),
  (11, 1, 'INV-2015-0011', '2015-02-01', 45.50),
  (20, 2, 'INV-2025-0020', '2025-11-20', 80.00);
insert into invoice_lines (invoice_id, line_no, description, amount) values
  (10, 1, 'Desk lamp', 100.00),
  (10, 2, 'Delivery', 20.00),
  (11, 1, 'Notebook', 40.00),
  (11, 2, 'Delivery', 5.50),
  (20, 1, 'Chair', 80.00);
insert into payments (id, invoice_id, paid_on, amount, card_last4) values
  (100, 10, '2023-03-12', 120.00, '4242'),
  (101, 11, '2015-02-03', 45.50, '1881'),
  (200, 20, '2025-11-21', 80.00, '0005');
insert into refunds (id, payment_id, amount) values
  (1000, 100, 20.00);
