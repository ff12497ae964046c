-- expect: DDL tables=customer
CREATE TABLE IF NOT EXISTS customer (
    customer_id  bigint       NOT NULL,
    name         text         NOT NULL,
    email        varchar(255),
    country      char(2),
    created_at   timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT customer_pkey PRIMARY KEY (customer_id),
    CONSTRAINT customer_email_key UNIQUE (email)
)
-- @@
-- expect: DDL tables=orders
create table if not exists orders (
    order_id bigint not null,
    customer_id bigint not null,
    status varchar(20) not null default 'NEW',
    total numeric(12, 2) not null default 0,
    created_at timestamp with time zone not null default current_timestamp,
    primary key (customer_id, order_id),
    constraint orders_status_check check (status in ('NEW', 'PAID', 'SHIPPED', 'CANCELLED'))
)
-- @@
-- expect: DDL tables=order_items
CREATE TABLE order_items (
    item_id     bigint NOT NULL,
    order_id    bigint NOT NULL,
    customer_id bigint NOT NULL,
    product_id  bigint NOT NULL,
    qty         integer NOT NULL,
    price       numeric(12,2) NOT NULL,
    PRIMARY KEY (customer_id, item_id),
    FOREIGN KEY (customer_id, order_id) REFERENCES orders (customer_id, order_id) ON DELETE CASCADE
)
-- @@
-- expect: DDL tables=events
CREATE TABLE IF NOT EXISTS "public"."events" (
    "event_id" bigint NOT NULL,
    "created_at" timestamptz NOT NULL,
    "kind" varchar(32) NOT NULL,
    "payload" jsonb,
    PRIMARY KEY ("created_at", "event_id")
)
-- @@
-- expect: DDL tables=countries
CREATE TABLE IF NOT EXISTS countries (code char(2) PRIMARY KEY, name text NOT NULL)
-- @@
-- expect: DDL tables=sbtest
CREATE TABLE sbtest (
  id INTEGER NOT NULL,
  k INTEGER DEFAULT '0' NOT NULL,
  c CHAR(120) DEFAULT '' NOT NULL,
  pad CHAR(60) DEFAULT '' NOT NULL,
  PRIMARY KEY (id)
)
-- @@
-- expect: DDL tables=audit_log
CREATE TABLE IF NOT EXISTS audit_log (id bigserial PRIMARY KEY, message text NOT NULL);
-- @@
-- expect: DDL tables=customer
ALTER TABLE customer ADD COLUMN IF NOT EXISTS phone varchar(32)
-- @@
-- expect: DDL tables=orders
alter table orders add column note text
-- @@
-- expect: DDL tables=orders
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'NEW'
-- @@
-- expect: DDL tables=order_items
ALTER TABLE order_items ADD CONSTRAINT order_items_qty_positive CHECK (qty > 0)
-- @@
-- expect: DDL tables=orders
ALTER TABLE "public"."orders" RENAME COLUMN "note" TO "notes"
-- @@
-- expect: DDL tables=orders
CREATE INDEX IF NOT EXISTS idx_orders_created_at ON orders (created_at)
-- @@
-- expect: DDL tables=customer
CREATE UNIQUE INDEX idx_customer_email_lower ON customer (lower(email))
-- @@
-- expect: DDL tables=events
CREATE INDEX CONCURRENTLY idx_events_kind ON events (kind)
-- @@
-- expect: DDL tables=events
create index if not exists idx_events_payload on events using gin (payload jsonb_path_ops)
-- @@
-- expect: DDL tables=orders
CREATE INDEX idx_orders_open ON orders (customer_id, created_at DESC) WHERE status <> 'CANCELLED'
-- @@
-- expect: DDL
DROP INDEX IF EXISTS idx_events_kind
-- @@
-- expect: DDL
CREATE SEQUENCE IF NOT EXISTS order_seq START WITH 1 INCREMENT BY 50
-- @@
-- expect: DDL tables=orders
COMMENT ON TABLE orders IS 'Orders, co-located with customer by customer_id'
-- @@
-- expect: DDL
CREATE OR REPLACE FUNCTION touch_created_at() RETURNS trigger AS $$
BEGIN
    NEW.created_at := now(); -- a ; inside a dollar-quoted body
    RETURN NEW;
END;
$$ LANGUAGE plpgsql
-- @@
-- expect: DDL tables=audit_log
TRUNCATE TABLE audit_log
-- @@
-- expect: DDL tables=sbtest
truncate sbtest restart identity
-- @@
-- expect: DDL tables=audit_log
DROP TABLE IF EXISTS audit_log
-- @@
-- expect: DDL tables=order_items,orders
DROP TABLE IF EXISTS order_items, orders CASCADE
-- @@
-- expect: QUERY
SELECT 1
-- @@
-- expect: QUERY
select version()
-- @@
-- expect: QUERY
select current_schema()
-- @@
-- expect: QUERY
SELECT now()
-- @@
-- expect: QUERY
select nextval('order_seq')
-- @@
-- expect: QUERY
select pg_advisory_xact_lock(?)
-- @@
-- expect: QUERY
SELECT txid_current()
-- @@
-- expect: SESSION
SET application_name = 'orders-service'
-- @@
-- expect: SESSION
SET extra_float_digits = 3
-- @@
-- expect: SESSION
SET search_path TO public
-- @@
-- expect: SESSION
SET TIME ZONE 'UTC'
-- @@
-- expect: SESSION
SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED
-- @@
-- expect: SESSION
SET statement_timeout = 30000
-- @@
-- expect: SESSION
SET LOCAL lock_timeout = '5s'
-- @@
-- expect: SESSION
set session "app.tenant" = 'acme'
-- @@
-- expect: SESSION
RESET statement_timeout
-- @@
-- expect: SESSION
DISCARD ALL
-- @@
-- expect: OTHER
SHOW TRANSACTION ISOLATION LEVEL
-- @@
-- expect: OTHER
show server_version
-- @@
-- expect: TRANSACTION
BEGIN
-- @@
-- expect: TRANSACTION
BEGIN ISOLATION LEVEL REPEATABLE READ
-- @@
-- expect: TRANSACTION
START TRANSACTION
-- @@
-- expect: TRANSACTION
start transaction read only
-- @@
-- expect: TRANSACTION
COMMIT
-- @@
-- expect: TRANSACTION
commit work
-- @@
-- expect: TRANSACTION
ROLLBACK
-- @@
-- expect: TRANSACTION
SAVEPOINT sp1
-- @@
-- expect: TRANSACTION
ROLLBACK TO SAVEPOINT sp1
-- @@
-- expect: TRANSACTION
RELEASE SAVEPOINT sp1
-- @@
-- expect: TRANSACTION
SAVEPOINT PGJDBC_AUTOSAVE
-- @@
-- expect: TRANSACTION
ROLLBACK TO SAVEPOINT PGJDBC_AUTOSAVE
-- @@
-- expect: TRANSACTION
RELEASE SAVEPOINT PGJDBC_AUTOSAVE
-- @@
-- expect: QUERY tables=customer
select c1_0.customer_id,c1_0.country,c1_0.created_at,c1_0.email,c1_0.name from customer c1_0 where c1_0.customer_id=?
-- @@
-- expect: QUERY tables=customer
select customer0_.customer_id as customer1_0_0_, customer0_.country as country2_0_0_, customer0_.created_at as created_3_0_0_, customer0_.email as email4_0_0_, customer0_.name as name5_0_0_ from customer customer0_ where customer0_.customer_id=?
-- @@
-- expect: QUERY tables=customer
select customer0_.customer_id as customer1_0_, customer0_.country as country2_0_, customer0_.created_at as created_3_0_, customer0_.email as email4_0_, customer0_.name as name5_0_ from customer customer0_ where customer0_.email=? limit ?
-- @@
-- expect: INSERT tables=customer
insert into customer (country, created_at, email, name, customer_id) values (?, ?, ?, ?, ?)
-- @@
-- expect: UPDATE tables=customer
update customer set country=?, created_at=?, email=?, name=? where customer_id=?
-- @@
-- expect: DELETE tables=customer
delete from customer where customer_id=?
-- @@
-- expect: QUERY tables=orders
select o1_0.customer_id,o1_0.order_id,o1_0.created_at,o1_0.status,o1_0.total from orders o1_0 where o1_0.customer_id=? order by o1_0.created_at desc limit ? offset ?
-- @@
-- expect: QUERY tables=orders
select orders0_.customer_id as customer1_1_, orders0_.order_id as order_id2_1_, orders0_.created_at as created_3_1_, orders0_.status as status4_1_, orders0_.total as total5_1_ from orders orders0_ where orders0_.customer_id=? and orders0_.order_id=? for update
-- @@
-- expect: QUERY tables=customer
select c1_0.customer_id,c1_0.country,c1_0.created_at,c1_0.email,c1_0.name from customer c1_0 where c1_0.customer_id=? for no key update
-- @@
-- expect: QUERY tables=orders
select o1_0.customer_id,o1_0.order_id,o1_0.status from orders o1_0 where o1_0.customer_id=? and o1_0.status=? for update of o1_0 skip locked
-- @@
-- expect: QUERY tables=orders,order_items
select o1_0.customer_id,o1_0.order_id,o1_0.created_at,i1_0.customer_id,i1_0.item_id,i1_0.price,i1_0.product_id,i1_0.qty from orders o1_0 left join order_items i1_0 on o1_0.customer_id=i1_0.customer_id and o1_0.order_id=i1_0.order_id where o1_0.customer_id=? and o1_0.order_id=?
-- @@
-- expect: QUERY tables=orders
select count(o1_0.order_id) from orders o1_0 where o1_0.customer_id=? and o1_0.status=?
-- @@
-- expect: QUERY tables=customer
select c1_0.customer_id,c1_0.email,c1_0.name from customer c1_0 where c1_0.customer_id in (?,?,?,?,?)
-- @@
-- expect: INSERT tables=order_items
insert into order_items (customer_id, order_id, price, product_id, qty, item_id) values (?, ?, ?, ?, ?, ?)
-- @@
-- expect: UPDATE tables=orders
update orders set created_at=?, status=?, total=? where customer_id=? and order_id=?
-- @@
-- expect: DELETE tables=order_items
delete from order_items where customer_id=? and item_id=?
-- @@
-- expect: QUERY tables=customer
select c1_0.customer_id,c1_0.name from customer c1_0 where lower(c1_0.email) like ? escape '\' order by c1_0.name fetch first ? rows only
-- @@
-- expect: QUERY tables=orders,customer
select o1_0.order_id,o1_0.total,c1_0.name from orders o1_0 join customer c1_0 on c1_0.customer_id=o1_0.customer_id where o1_0.customer_id=? and o1_0.created_at>=?
-- @@
-- expect: QUERY tables=orders
SELECT * FROM orders WHERE customer_id = ? AND order_id = ?
-- @@
-- expect: QUERY tables=orders
SELECT order_id, status, total FROM orders WHERE customer_id = ?::bigint
-- @@
-- expect: QUERY tables=orders
select order_id, total from orders where customer_id = ?::int8 and total > ?::numeric
-- @@
-- expect: QUERY tables=orders
SELECT order_id FROM orders WHERE customer_id = CAST(? AS bigint)
-- @@
-- expect: QUERY tables=customer
SELECT customer_id, name FROM customer WHERE customer_id = ANY (?)
-- @@
-- expect: QUERY tables=customer
SELECT * FROM customer WHERE customer_id IN (1, 2, 3, 5, 8, 13)
-- @@
-- expect: QUERY tables=customer
SELECT * FROM customer WHERE customer_id = ? OR customer_id = ?
-- @@
-- expect: QUERY tables=orders
SELECT order_id FROM orders WHERE (customer_id = 7 AND status = 'NEW') OR (customer_id = 11 AND status = 'PAID')
-- @@
-- expect: QUERY tables=customer
SELECT * FROM customer WHERE customer_id NOT IN (?, ?) AND country = ?
-- @@
-- expect: QUERY tables=customer
SELECT name FROM customer WHERE name = 'Who? Me?' AND customer_id = ?
-- @@
-- expect: QUERY tables=customer
SELECT name FROM customer WHERE customer_id = ? AND name <> E'it\'s ?'
-- @@
-- expect: QUERY tables=customer
select exists(select 1 from customer where email = ?)
-- @@
-- expect: QUERY tables=customer
SELECT * FROM customer WHERE (customer_id, country) IN ((?, ?), (?, ?))
-- @@
-- expect: QUERY tables=customer
SELECT customer_id FROM customer WHERE email ILIKE ? ORDER BY customer_id LIMIT 20
-- @@
-- expect: QUERY tables=orders
SELECT coalesce(max(order_id), 0) + 1 FROM orders WHERE customer_id = ?
-- @@
-- expect: QUERY tables=orders
SELECT * FROM orders WHERE customer_id = ? ORDER BY created_at DESC FETCH FIRST 20 ROWS ONLY
-- @@
-- expect: QUERY tables=orders
SELECT * FROM orders ORDER BY created_at DESC LIMIT 50 OFFSET 100
-- @@
-- expect: QUERY tables=orders
SELECT order_id, status FROM orders WHERE customer_id = ? AND status = ANY (ARRAY['NEW', 'PAID'])
-- @@
-- expect: QUERY tables=events
SELECT * FROM events WHERE created_at >= ? AND created_at < ?
-- @@
-- expect: QUERY tables=events
SELECT event_id, kind FROM events WHERE created_at BETWEEN ? AND ? ORDER BY created_at
-- @@
-- expect: QUERY tables=events
SELECT event_id, kind, payload FROM events WHERE created_at > now() - interval '7 days'
-- @@
-- expect: QUERY tables=events
select count(*) from events where created_at >= current_date - interval '1 day' and kind = 'login'
-- @@
-- expect: QUERY tables=events
SELECT * FROM events WHERE created_at >= timestamp '2025-01-01 00:00:00' AND created_at < timestamptz '2025-02-01 00:00:00+00'
-- @@
-- expect: QUERY tables=events
SELECT * FROM events WHERE created_at >= '2024-12-30' AND created_at < '2025-01-02'
-- @@
-- expect: QUERY tables=events
SELECT event_id FROM events WHERE created_at >= ?::date AND created_at < ?::date + 1
-- @@
-- expect: QUERY tables=events
SELECT event_id FROM events WHERE created_at::date = ?
-- @@
-- expect: QUERY tables=events
SELECT kind, count(*) FROM events WHERE created_at >= date_trunc('month', now()) GROUP BY kind
-- @@
-- expect: QUERY tables=events
select created_at, kind from events where created_at > ?::timestamptz - interval '1 hour' * ? order by created_at desc limit 100
-- @@
-- expect: QUERY tables=events
SELECT payload->>'user_id' AS user_id, payload->'meta'->>'ip' AS ip FROM events WHERE created_at >= ? AND kind = ?
-- @@
-- expect: QUERY tables=events
SELECT event_id FROM events WHERE payload @> ?::jsonb AND created_at >= ?
-- @@
-- expect: QUERY tables=events
SELECT count(*) FROM events WHERE payload ?? 'trace_id' AND created_at >= ?
-- @@
-- expect: QUERY tables=events
SELECT event_id, payload #>> '{order,id}' FROM events WHERE created_at = ?
-- @@
-- expect: QUERY tables=events
SELECT e.event_id, x.key FROM events e, jsonb_each_text(e.payload) AS x(key, value) WHERE e.created_at >= ?
-- @@
-- expect: UPDATE tables=events
UPDATE events SET payload = jsonb_set(payload, '{status}', to_jsonb(?::text)) WHERE event_id = ? AND created_at = ?
-- @@
-- expect: UPDATE tables=events
update events set payload = payload || '{"seen": true}'::jsonb where created_at = ? and event_id = ?
-- @@
-- expect: INSERT tables=events
INSERT INTO events (event_id, created_at, kind, payload) VALUES (?, ?::timestamptz, ?, ?::jsonb)
-- @@
-- expect: INSERT tables=events
INSERT INTO events (event_id, created_at, kind, payload)
VALUES (1, '2024-11-05 10:00:00+00', 'login', '{"user_id": 7}'),
       (2, '2025-03-01 09:30:00+00', 'logout', NULL)
-- @@
-- expect: INSERT tables=customer
INSERT INTO customer (customer_id, name, email, country, created_at) VALUES (?, ?, ?, ?, now()), (?, ?, ?, ?, now()), (42, 'Ann', 'ann@example.com', 'DE', now())
-- @@
-- expect: INSERT tables=orders
insert into orders (order_id, customer_id, status, total, created_at) values
  (?, ?, 'NEW', ?, ?),
  (?, ?, 'NEW', ?, ?),
  (?, ?, 'NEW', ?, ?),
  (?, ?, 'NEW', ?, ?)
-- @@
-- expect: INSERT tables=countries
INSERT INTO countries (code, name) VALUES ('DE', 'Germany'), ('FR', 'France'), ('US', 'United States'), ('CI', 'Côte d''Ivoire')
-- @@
-- expect: INSERT tables=audit_log
INSERT INTO audit_log (message) VALUES (?) RETURNING id
-- @@
-- expect: INSERT tables=orders
INSERT INTO orders (order_id, customer_id, status, total) VALUES (?, ?, ?, ?) RETURNING order_id, created_at
-- @@
-- expect: UPDATE tables=orders
UPDATE orders SET status = ? WHERE customer_id = ? AND order_id = ? RETURNING *
-- @@
-- expect: DELETE tables=orders
DELETE FROM orders WHERE customer_id = ? AND status = 'CANCELLED' RETURNING order_id
-- @@
-- expect: INSERT tables=customer
INSERT INTO customer (customer_id, name, email, country) VALUES (?, ?, ?, ?)
ON CONFLICT (customer_id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email
-- @@
-- expect: INSERT tables=countries
INSERT INTO countries (code, name) VALUES (?, ?) ON CONFLICT DO NOTHING
-- @@
-- expect: INSERT tables=countries
insert into countries (code, name) values (?, ?) on conflict on constraint countries_pkey do update set name = excluded.name
-- @@
-- expect: INSERT tables=orders
INSERT INTO orders AS o (order_id, customer_id, status, total) VALUES (?, ?, ?, ?)
ON CONFLICT (customer_id, order_id) DO UPDATE SET total = o.total + EXCLUDED.total, status = ?
WHERE o.status <> 'CANCELLED'
RETURNING o.total
-- @@
-- expect: INSERT tables=sbtest
INSERT INTO sbtest (id, k, c, pad) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET k = sbtest.k + 1
-- @@
-- expect: INSERT tables=audit_log,orders
INSERT INTO audit_log (message) SELECT 'order ' || order_id || ' is ' || status FROM orders WHERE customer_id = ?
-- @@
-- expect: QUERY tables=events
SELECT event_id, payload FROM events WHERE kind = 'outbox' ORDER BY created_at LIMIT 10 FOR UPDATE SKIP LOCKED
-- @@
-- expect: QUERY tables=orders
SELECT order_id, total FROM orders WHERE customer_id = ? FOR SHARE NOWAIT
-- @@
-- expect: QUERY tables=customer
SELECT * FROM customer WHERE customer_id = ? FOR UPDATE NOWAIT
-- @@
-- expect: QUERY tables=orders,order_items
SELECT o.order_id, i.qty FROM orders o JOIN order_items i ON i.order_id = o.order_id AND i.customer_id = o.customer_id WHERE o.customer_id = ? FOR UPDATE OF o
-- @@
-- expect: UPDATE tables=orders,order_items
UPDATE orders o SET total = s.sum_price
FROM (SELECT order_id, customer_id, sum(qty * price) AS sum_price FROM order_items WHERE customer_id = ? GROUP BY order_id, customer_id) s
WHERE o.order_id = s.order_id AND o.customer_id = s.customer_id
-- @@
-- expect: UPDATE tables=orders,customer
UPDATE orders SET status = 'CANCELLED' FROM customer c WHERE c.customer_id = orders.customer_id AND c.customer_id = ? AND c.email IS NULL
-- @@
-- expect: DELETE tables=order_items,orders
DELETE FROM order_items i USING orders o WHERE o.order_id = i.order_id AND o.customer_id = i.customer_id AND o.customer_id = ? AND o.status = 'CANCELLED'
-- @@
-- expect: UPDATE tables=customer
UPDATE customer SET email = lower(email) WHERE customer_id IN (?, ?)
-- @@
-- expect: DELETE tables=events
DELETE FROM events WHERE created_at < now() - interval '90 days'
-- @@
-- expect: DELETE tables=events
delete from events where created_at < ?::timestamptz and kind in ('heartbeat', 'ping')
-- @@
-- expect: QUERY tables=sbtest
SELECT c FROM sbtest WHERE id=?
-- @@
-- expect: QUERY tables=sbtest
SELECT c FROM sbtest WHERE id BETWEEN ? AND ?
-- @@
-- expect: QUERY tables=sbtest
SELECT SUM(k) FROM sbtest WHERE id BETWEEN ? AND ?
-- @@
-- expect: QUERY tables=sbtest
SELECT c FROM sbtest WHERE id BETWEEN ? AND ? ORDER BY c
-- @@
-- expect: QUERY tables=sbtest
SELECT DISTINCT c FROM sbtest WHERE id BETWEEN ? AND ? ORDER BY c
-- @@
-- expect: UPDATE tables=sbtest
UPDATE sbtest SET k=k+1 WHERE id=?
-- @@
-- expect: UPDATE tables=sbtest
UPDATE sbtest SET c=? WHERE id=?
-- @@
-- expect: DELETE tables=sbtest
DELETE FROM sbtest WHERE id=?
-- @@
-- expect: INSERT tables=sbtest
INSERT INTO sbtest (id, k, c, pad) VALUES (?, ?, ?, ?)
-- @@
-- expect: QUERY tables=sbtest
SELECT id, k FROM sbtest WHERE id IN (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
-- @@
-- expect: QUERY tables=sbtest
select count(*) from sbtest where k > 100 and id >= 1000
-- @@
-- expect: QUERY tables=orders,customer
WITH recent AS (
    SELECT customer_id, sum(total) AS spent
    FROM orders
    WHERE created_at > now() - interval '30 days'
    GROUP BY customer_id
)
SELECT c.name, r.spent FROM customer c JOIN recent r ON r.customer_id = c.customer_id ORDER BY r.spent DESC LIMIT 10
-- @@
-- expect: QUERY tables=orders
with o as (select order_id, total from orders where customer_id = ?) select count(*), sum(total) from o
-- @@
-- expect: QUERY
WITH RECURSIVE days(d) AS (SELECT date '2025-01-01' UNION ALL SELECT d + 1 FROM days WHERE d < date '2025-01-31') SELECT d FROM days
-- @@
-- expect: QUERY tables=orders
SELECT order_id, total, row_number() OVER (PARTITION BY customer_id ORDER BY created_at DESC) AS rn FROM orders WHERE customer_id = ?
-- @@
-- expect: QUERY tables=orders
select customer_id, order_id, total, sum(total) over (partition by customer_id order by created_at rows between unbounded preceding and current row) as running_total from orders where customer_id in (?, ?)
-- @@
-- expect: QUERY tables=orders
SELECT * FROM (SELECT order_id, customer_id, rank() OVER (ORDER BY total DESC) AS r FROM orders) ranked WHERE r <= 5
-- @@
-- expect: QUERY tables=customer,orders
SELECT c.customer_id, c.name, count(o.order_id) AS n FROM customer c LEFT JOIN orders o ON o.customer_id = c.customer_id GROUP BY c.customer_id, c.name HAVING count(o.order_id) > ? ORDER BY n DESC
-- @@
-- expect: QUERY tables=orders
SELECT status, count(*), sum(total), avg(total), min(created_at), max(created_at) FROM orders GROUP BY status HAVING sum(total) > 1000 ORDER BY status
-- @@
-- expect: QUERY tables=orders
SELECT to_char(created_at, 'YYYY-MM') AS month, count(*) FROM orders GROUP BY 1 ORDER BY 1
-- @@
-- expect: QUERY tables=orders
SELECT customer_id, string_agg(status, ',' ORDER BY created_at) FROM orders WHERE customer_id = ? GROUP BY customer_id
-- @@
-- expect: QUERY tables=orders
SELECT count(*) FILTER (WHERE status = 'PAID') AS paid, count(*) AS total FROM orders WHERE customer_id = ?
-- @@
-- expect: QUERY tables=orders
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY total) FROM orders
-- @@
-- expect: QUERY tables=customer
SELECT DISTINCT country FROM customer ORDER BY country
-- @@
-- expect: QUERY tables=orders
SELECT DISTINCT ON (customer_id) customer_id, order_id, created_at FROM orders ORDER BY customer_id, created_at DESC
-- @@
-- expect: QUERY tables=orders
SELECT count(DISTINCT customer_id) FROM orders WHERE created_at >= ?
-- @@
-- expect: QUERY tables=orders
SELECT count(*) FROM (SELECT DISTINCT customer_id FROM orders) t
-- @@
-- expect: QUERY tables=customer,orders
SELECT * FROM customer WHERE customer_id IN (SELECT customer_id FROM orders WHERE status = 'NEW')
-- @@
-- expect: QUERY tables=customer,orders
SELECT c.* FROM customer c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id)
-- @@
-- expect: QUERY tables=customer,orders
SELECT c.name, (SELECT max(o.created_at) FROM orders o WHERE o.customer_id = c.customer_id) AS last_order FROM customer c WHERE c.customer_id = ?
-- @@
-- expect: QUERY tables=customer,orders
SELECT c.customer_id, last.order_id FROM customer c CROSS JOIN LATERAL (SELECT order_id FROM orders o WHERE o.customer_id = c.customer_id ORDER BY created_at DESC LIMIT 3) last WHERE c.customer_id = ?
-- @@
-- expect: QUERY tables=orders,customer,countries
SELECT o.order_id, c.name, co.name AS country_name FROM orders o JOIN customer c ON c.customer_id = o.customer_id JOIN countries co ON co.code = c.country WHERE o.customer_id = ?
-- @@
-- expect: QUERY tables=countries
SELECT code, name FROM countries ORDER BY name
-- @@
-- expect: QUERY tables=countries
select name from countries where code = ?
-- @@
-- expect: UPDATE tables=countries
UPDATE countries SET name = ? WHERE code = ?
-- @@
-- expect: DELETE tables=countries
DELETE FROM countries WHERE code = 'XX'
-- @@
-- expect: QUERY tables=orders
SELECT order_id FROM orders WHERE customer_id = ? AND status = 'NEW'
UNION ALL
SELECT order_id FROM orders WHERE customer_id = ? AND status = 'PAID'
-- @@
-- expect: QUERY tables=customer,countries
SELECT country FROM customer UNION SELECT code FROM countries
-- @@
-- expect: QUERY tables=customer
SELECT customer_id FROM customer WHERE country = 'DE' INTERSECT SELECT customer_id FROM customer WHERE created_at > ?
-- @@
-- expect: QUERY tables=orders
select "public"."orders"."order_id", "public"."orders"."total" from "public"."orders" where "public"."orders"."customer_id" = ?
-- @@
-- expect: QUERY tables=orders
select "public"."orders"."order_id", "public"."orders"."status" from "public"."orders" where ("public"."orders"."customer_id" = ? and "public"."orders"."status" in (?, ?)) order by "public"."orders"."created_at" desc limit ? offset ?
-- @@
-- expect: QUERY tables=customer
select count(*) from "public"."customer" where "public"."customer"."country" = ?
-- @@
-- expect: INSERT tables=customer
insert into "public"."customer" ("customer_id", "name", "email", "country") values (?, ?, ?, ?) returning "public"."customer"."customer_id", "public"."customer"."created_at"
-- @@
-- expect: UPDATE tables=orders
update "public"."orders" set "status" = ?, "total" = cast(? as numeric) where ("public"."orders"."customer_id" = ? and "public"."orders"."order_id" = ?)
-- @@
-- expect: DELETE tables=order_items
delete from "public"."order_items" where "public"."order_items"."customer_id" = ? and "public"."order_items"."order_id" = ?
-- @@
-- expect: QUERY tables=order_items,orders
select "i"."item_id", "i"."qty", "o"."status" from "public"."order_items" as "i" join "public"."orders" as "o" on ("o"."customer_id" = "i"."customer_id" and "o"."order_id" = "i"."order_id") where "i"."customer_id" = ?
-- @@
-- expect: INSERT tables=order_items
insert into "order_items" ("item_id", "order_id", "customer_id", "product_id", "qty", "price") values (?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?)
-- @@
-- expect: QUERY tables=customer
-- load a customer by id (CustomerRepository.findById)
SELECT customer_id, name, email FROM customer WHERE customer_id = ?
-- @@
-- expect: QUERY tables=orders
/* trace-id=abc123 span=42 */ SELECT order_id, total FROM orders WHERE customer_id = ?
-- @@
-- expect: QUERY tables=orders
/*+ IndexScan(orders idx_orders_created_at) */ SELECT order_id FROM orders WHERE created_at > ? AND customer_id = ?
-- @@
-- expect: QUERY tables=orders
SELECT order_id, total -- money columns
FROM orders /* the sharded table */
WHERE customer_id = ? -- the shard key
-- @@
-- expect: QUERY tables=customer
SELECT name FROM customer WHERE customer_id = 99;
-- @@
-- expect: QUERY tables=audit_log
/* shard: s1 */ SELECT count(*) FROM audit_log
-- @@
-- expect: QUERY tables=customer
/* shard: s0 */ select count(*) from customer
-- @@
-- expect: QUERY tables=audit_log
SELECT id, message FROM audit_log ORDER BY id DESC LIMIT 100
-- @@
-- expect: INSERT tables=audit_log
insert into audit_log (message) values ('user "admin" logged in; role=?')
-- @@
-- expect: UPDATE tables=audit_log
UPDATE audit_log SET message = message || ' (archived)' WHERE id < ?
-- @@
-- expect: QUERY
VALUES (1, 'one'), (2, 'two')
-- @@
-- expect: QUERY
select generate_series(1, 10) as n
-- @@
-- expect: QUERY tables=customer
SELECT customer_id, name FROM customer WHERE created_at >= ? ORDER BY created_at, customer_id LIMIT ?
-- @@
-- expect: QUERY tables=customer
SELECT customer_id, name FROM customer WHERE (created_at, customer_id) > (?, ?) ORDER BY created_at, customer_id LIMIT 500
-- @@
-- expect: QUERY tables=orders
SELECT order_id FROM orders WHERE customer_id = ? AND total BETWEEN 10.00 AND 99.99 AND status IS NOT NULL
-- @@
-- expect: QUERY tables=orders
SELECT order_id, CASE WHEN total > 100 THEN 'big' ELSE 'small' END AS size FROM orders WHERE customer_id = ?
-- @@
-- expect: QUERY tables=orders
SELECT order_id, total::text || ' EUR' AS label, extract(epoch FROM created_at)::bigint AS ts FROM orders WHERE customer_id = ?
-- @@
-- expect: QUERY tables=customer
SELECT customer_id FROM customer WHERE name ~* ? LIMIT 10
-- @@
-- expect: QUERY tables=customer
SELECT customer_id FROM customer WHERE country IS DISTINCT FROM ? AND customer_id = ?
-- @@
-- expect: QUERY tables=customer
SELECT customer_id, name FROM customer WHERE customer_id = 12345678901
-- @@
-- expect: QUERY tables=customer
SELECT customer_id FROM customer WHERE customer_id = '17'
-- @@
-- expect: QUERY tables=order_items
SELECT product_id, sum(qty) AS units, sum(qty * price) AS revenue FROM order_items GROUP BY product_id ORDER BY revenue DESC LIMIT 10
-- @@
-- expect: QUERY tables=order_items
select item_id, product_id, qty from order_items where customer_id = ? and order_id in (select unnest(?::bigint[]))
-- @@
-- expect: OTHER
EXPLAIN SELECT * FROM orders WHERE customer_id = 1
-- @@
-- expect: OTHER
EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM events WHERE created_at >= '2025-01-01'
-- @@
-- expect: QUERY tables=events
SELECT date_trunc('day', created_at) AS day, kind, count(*) FROM events WHERE created_at >= ? AND created_at < ? GROUP BY 1, 2 ORDER BY 1, 2
-- @@
-- expect: INSERT tables=customer
INSERT INTO customer (customer_id, name, email, country) VALUES (?, ?, ?, ?) ON CONFLICT (customer_id) DO NOTHING RETURNING customer_id
-- @@
-- expect: UPDATE tables=orders
UPDATE orders SET total = total * 1.19, status = 'PAID' WHERE customer_id = ? AND order_id = ? AND status = 'NEW'
-- @@
-- expect: DELETE tables=orders,customer
DELETE FROM orders WHERE customer_id IN (SELECT customer_id FROM customer WHERE email LIKE '%@example.org')
-- @@
-- expect: QUERY tables=customer
SELECT * FROM customer WHERE customer_id = ? FOR UPDATE
