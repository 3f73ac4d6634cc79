-- The people of the CRM, the same on every engine. Ana asks; she is in the CRM twice, in two
-- cases (a duplicate contact, as CRMs have), and signed up in capitals. Carla referred Ana; Ana
-- referred Bruno. Dirk shares nothing with anyone. Nothing of Bruno, Carla or Dirk may change.
insert into contacts (id, email, full_name, phone, referred_by, created_on) values
  (3, 'carla@example.com', 'Carla Dumont', '+32 470 00 00 03', null, '2021-01-10'),
  (1, 'Ana.Martin@Example.com', 'Ana Martin', '+32 470 00 00 01', 3, '2021-03-02'),
  (2, 'bruno@example.com', 'Bruno Peeters', null, 1, '2022-05-17'),
  (4, 'dirk@example.net', 'Dirk Janssens', '+32 470 00 00 04', null, '2023-02-01'),
  (5, 'ana.martin@EXAMPLE.COM', 'A. Martin', null, null, '2024-06-30');
insert into signups (id, email, list_name, signed_up_on) values
  (1, 'ANA.MARTIN@example.com', 'Monthly digest', '2022-01-01'),
  (2, 'bruno@example.com', 'Monthly digest', '2022-06-01'),
  (3, 'Carla@Example.com', 'Product news', '2021-02-01');
insert into addresses (id, contact_id, line1, city) values
  (10, 1, 'Rue Haute 1', 'Brussels'),
  (11, 2, 'Kerkstraat 2', 'Ghent'),
  (12, 5, 'Rue Haute 1', 'Brussels'),
  (13, 3, 'Meir 3', 'Antwerp');
insert into billing_addresses (id, contact_id, line1, city, vat_number) values
  (20, 1, 'Avenue Louise 10', 'Brussels', 'BE0123456789'),
  (21, 3, 'Meir 3', 'Antwerp', null);
insert into notes (id, contact_id, body, written_on) values
  (30, 1, 'Asked about the annual plan', '2023-04-01'),
  (31, 1, 'Referred Bruno', '2022-05-17'),
  (32, 2, 'Referred by Ana', '2022-05-17'),
  (33, 3, 'Referred Ana', '2021-03-02'),
  (34, 4, 'Cold lead', '2023-02-01');
