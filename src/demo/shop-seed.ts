import type { ShopDatabase } from './shop-schema.js';

/** A seeded value: numbers, text, decimals as text, dates and timestamps as Date, flags, null. */
export type SeedValue = string | number | boolean | Date | null;
export type SeedRow = Readonly<Record<string, SeedValue>>;
export type ShopSeed = Readonly<Record<ShopDatabase, Readonly<Record<string, readonly SeedRow[]>>>>;

/** The people of the demo shop, all at RFC 2606 domains. */
export const SHOP_PEOPLE = {
  /** The person who asks: two emails, orders, tickets, a newsletter under her second email, invoices old and new. */
  ana: { customerId: 1, email: 'ana@example.com', secondEmail: 'ana.lima@example.com' },
  /** Another customer, who must stay untouched by Ana's requests. */
  bruno: { customerId: 2, email: 'bruno@example.com' },
  /** A support agent who answered both; staff, not part of a customer's data. */
  eva: { agentId: 1, email: 'eva.support@example.com' },
} as const;

const at = (iso: string): Date => new Date(iso);
/** A calendar date, as a Date at midnight UTC. */
const day = (iso: string): Date => new Date(`${iso}T00:00:00.000Z`);

/**
 * The shop's rows. Invoice dates count back from `now`'s year so that one of Ana's invoices is
 * always past the 7-year tax hold and one always within it.
 */
export function shopSeed(now: Date = new Date()): ShopSeed {
  const year = now.getUTCFullYear();
  return {
    shop: {
      customers: [
        {
          id: 1,
          name: 'Ana Lima',
          email: 'ana@example.com',
          phone: '+32 470 12 34 56',
          birth_date: day('1988-04-02'),
          default_address_id: 11,
          marketing_opt_in: true,
          processing_restricted: false,
          created_at: at('2021-02-03T09:15:00.000Z'),
        },
        {
          id: 2,
          name: 'Bruno Costa',
          email: 'bruno@example.com',
          phone: '+32 471 98 76 54',
          birth_date: day('1979-11-23'),
          default_address_id: 13,
          marketing_opt_in: false,
          processing_restricted: false,
          created_at: at('2022-06-10T14:00:00.000Z'),
        },
      ],
      addresses: [
        {
          id: 11,
          customer_id: 1,
          label: 'home',
          line1: 'Veldstraat 12',
          city: 'Gent',
          postal_code: '9000',
          country: 'BE',
        },
        {
          id: 12,
          customer_id: 1,
          label: 'work',
          line1: 'Kortrijksesteenweg 1',
          city: 'Gent',
          postal_code: '9000',
          country: 'BE',
        },
        {
          id: 13,
          customer_id: 2,
          label: 'home',
          line1: 'Rue Neuve 5',
          city: 'Bruxelles',
          postal_code: '1000',
          country: 'BE',
        },
      ],
      customer_emails: [
        { customer_id: 1, email: 'ana@example.com', verified_at: at('2021-02-03T09:16:00.000Z') },
        { customer_id: 1, email: 'ana.lima@example.com', verified_at: null },
        { customer_id: 2, email: 'bruno@example.com', verified_at: at('2022-06-10T14:01:00.000Z') },
      ],
      products: [
        { id: 101, sku: 'MUG-01', name: 'Stoneware mug', price: '12.50' },
        { id: 102, sku: 'TEA-20', name: 'Green tea, 20 bags', price: '6.90' },
        { id: 103, sku: 'POT-02', name: 'Cast iron teapot', price: '48.00' },
      ],
      payment_methods: [
        {
          id: 21,
          customer_id: 1,
          brand: 'visa',
          last4: '4242',
          holder_name: 'Ana Lima',
          expires_on: day('2028-09-30'),
        },
        {
          id: 22,
          customer_id: 1,
          brand: 'mastercard',
          last4: '5454',
          holder_name: 'A. Lima',
          expires_on: day('2027-01-31'),
        },
        {
          id: 23,
          customer_id: 2,
          brand: 'visa',
          last4: '1881',
          holder_name: 'Bruno Costa',
          expires_on: day('2029-03-31'),
        },
      ],
      orders: [
        {
          id: 31,
          customer_id: 1,
          shipping_address_id: 11,
          payment_method_id: 21,
          placed_at: at('2024-03-14T10:00:00.000Z'),
          status: 'delivered',
          total: '31.90',
        },
        {
          id: 32,
          customer_id: 1,
          shipping_address_id: 12,
          payment_method_id: 22,
          placed_at: at('2025-12-01T16:30:00.000Z'),
          status: 'shipped',
          total: '48.00',
        },
        {
          id: 33,
          customer_id: 2,
          shipping_address_id: 13,
          payment_method_id: 23,
          placed_at: at('2025-01-20T08:45:00.000Z'),
          status: 'delivered',
          total: '25.00',
        },
      ],
      order_lines: [
        {
          order_id: 31,
          line_no: 1,
          product_id: 101,
          quantity: 2,
          unit_price: '12.50',
          gift_message: null,
        },
        {
          order_id: 31,
          line_no: 2,
          product_id: 102,
          quantity: 1,
          unit_price: '6.90',
          gift_message: 'Happy birthday, Marta!',
        },
        {
          order_id: 32,
          line_no: 1,
          product_id: 103,
          quantity: 1,
          unit_price: '48.00',
          gift_message: null,
        },
        {
          order_id: 33,
          line_no: 1,
          product_id: 101,
          quantity: 2,
          unit_price: '12.50',
          gift_message: null,
        },
      ],
      logins: [
        {
          id: 41,
          customer_id: 1,
          logged_in_at: at('2025-11-30T07:01:00.000Z'),
          ip_address: '192.0.2.10',
          user_agent: 'Firefox/132.0',
        },
        {
          id: 42,
          customer_id: 1,
          logged_in_at: at('2025-12-01T16:20:00.000Z'),
          ip_address: '198.51.100.7',
          user_agent: 'Safari/18.1',
        },
        {
          id: 43,
          customer_id: 2,
          logged_in_at: at('2025-01-20T08:40:00.000Z'),
          ip_address: '203.0.113.5',
          user_agent: 'Chrome/131.0',
        },
      ],
      agents: [{ id: 1, name: 'Eva Peeters', email: 'eva.support@example.com' }],
      support_tickets: [
        {
          id: 51,
          customer_id: 1,
          email: 'ana@example.com',
          agent_id: 1,
          subject: 'Where is my teapot?',
          body: 'Order 32 has not arrived at my office yet.',
          opened_at: at('2025-12-05T12:00:00.000Z'),
          status: 'closed',
        },
        {
          // Written before Ana had an account, from her second address: reached only through it.
          id: 52,
          customer_id: null,
          email: 'ana.lima@example.com',
          agent_id: 1,
          subject: 'Do you ship to Belgium?',
          body: 'I would like to order tea to Gent.',
          opened_at: at('2020-12-24T18:30:00.000Z'),
          status: 'closed',
        },
        {
          id: 53,
          customer_id: 2,
          email: 'bruno@example.com',
          agent_id: 1,
          subject: 'Mug arrived broken',
          body: 'One of the two mugs was broken.',
          opened_at: at('2025-01-25T09:00:00.000Z'),
          status: 'open',
        },
      ],
    },
    newsletter: {
      subscribers: [
        {
          id: 61,
          email: 'ana.lima@example.com',
          first_name: 'Ana',
          subscribed_at: at('2020-12-24T18:35:00.000Z'),
          consent_source: 'footer form',
          restricted: false,
        },
        {
          id: 62,
          email: 'bruno@example.com',
          first_name: 'Bruno',
          subscribed_at: at('2022-06-10T14:05:00.000Z'),
          consent_source: 'checkout',
          restricted: false,
        },
      ],
      campaign_events: [
        {
          id: 71,
          subscriber_id: 61,
          campaign: 'spring-tea',
          event: 'opened',
          occurred_at: at('2025-03-21T08:00:00.000Z'),
        },
        {
          id: 72,
          subscriber_id: 61,
          campaign: 'spring-tea',
          event: 'clicked',
          occurred_at: at('2025-03-21T08:01:00.000Z'),
        },
        {
          id: 73,
          subscriber_id: 62,
          campaign: 'spring-tea',
          event: 'opened',
          occurred_at: at('2025-03-22T19:00:00.000Z'),
        },
      ],
    },
    billing: {
      billing_accounts: [
        {
          id: 81,
          customer_id: 1,
          name: 'Ana Lima',
          email: 'ana@example.com',
          vat_number: null,
          street: 'Veldstraat 12',
          city: 'Gent',
          country: 'BE',
        },
        {
          id: 82,
          customer_id: 2,
          name: 'Bruno Costa',
          email: 'bruno@example.com',
          vat_number: 'BE0123456749',
          street: 'Rue Neuve 5',
          city: 'Bruxelles',
          country: 'BE',
        },
      ],
      invoices: [
        {
          // Past the 7-year hold: erased with the rest.
          id: 91,
          number: `INV-${year - 9}-0007`,
          account_id: 81,
          customer_id: 1,
          issued_at: day(`${year - 9}-05-10`),
          billing_name: 'Ana Lima',
          billing_address: 'Veldstraat 12, 9000 Gent, BE',
          total: '19.80',
        },
        {
          // Within the hold: kept, untouched, until 7 years after it was issued.
          id: 92,
          number: `INV-${year - 2}-0031`,
          account_id: 81,
          customer_id: 1,
          issued_at: day(`${year - 2}-03-15`),
          billing_name: 'Ana Lima',
          billing_address: 'Veldstraat 12, 9000 Gent, BE',
          total: '31.90',
        },
        {
          id: 93,
          number: `INV-${year - 1}-0033`,
          account_id: 82,
          customer_id: 2,
          issued_at: day(`${year - 1}-01-20`),
          billing_name: 'Bruno Costa',
          billing_address: 'Rue Neuve 5, 1000 Bruxelles, BE',
          total: '25.00',
        },
      ],
    },
  };
}
