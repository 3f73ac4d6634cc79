-- Billing's customers as the people of the CRM fixture (test/support/crm/seed.sql), for the pair
-- test (test/execution/crm-billing-pair.test.ts). Runs after seed.sql. Ana Martin (CRM contacts 1
-- and 5) is customer 1 here, under an email in yet another case; Bruno Peeters, whom she
-- referred, is customer 2 with the same email as in the CRM; Carla Dumont, who referred her, is
-- customer 3 in capitals, with an invoice of 2024 (held) of her own. Dirk is only in the CRM.
update customers set email = 'ana.martin@EXAMPLE.com', name = 'Ana Martin' where id = 1;
update customers set name = 'Bruno Peeters' where id = 2;
insert into customers (id, email, name) values (3, 'CARLA@example.com', 'Carla Dumont');
insert into invoices (id, customer_id, number, issued_on, total) values
  (30, 3, 'INV-2024-0030', '2024-09-01', 60.00);
insert into invoice_lines (invoice_id, line_no, description, amount) values
  (30, 1, 'Bookshelf', 60.00);
insert into payments (id, invoice_id, paid_on, amount, card_last4) values
  (300, 30, '2024-09-02', 60.00, '7777');
