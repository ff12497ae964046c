-- expect: DDL tables=customer
CREATE TABLE IF NOT EXISTS `customer` (
  `customer_id` bigint NOT NULL,
  `name` varchar(255) NOT NULL,
  `email` varchar(255) DEFAULT NULL,
  `country` char(2) DEFAULT NULL,
  `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (`customer_id`),
  UNIQUE KEY `uk_customer_email` (`email`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
-- @@
-- expect: DDL tables=orders
CREATE TABLE `orders` (
  `order_id` bigint NOT NULL,
  `customer_id` bigint NOT NULL,
  `status` varchar(20) NOT NULL DEFAULT 'NEW',
  `total` decimal(12,2) NOT NULL DEFAULT '0.00',
  `created_at` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (`customer_id`, `order_id`),
  KEY `idx_orders_created_at` (`created_at`)
) ENGINE=InnoDB
-- @@
-- expect: DDL tables=order_items
create table order_items (
    item_id bigint not null,
    order_id bigint not null,
    customer_id bigint not null,
    product_id bigint not null,
    qty integer not null,
    price decimal(12,2) not null,
    primary key (customer_id, item_id),
    unique key uk_order_product (customer_id, order_id, product_id),
    constraint fk_items_order foreign key (customer_id, order_id) references orders (customer_id, order_id) on delete cascade
) engine=InnoDB
-- @@
-- expect: DDL tables=events
CREATE TABLE IF NOT EXISTS events (
  event_id BIGINT NOT NULL,
  created_at DATETIME(3) NOT NULL,
  kind VARCHAR(32) NOT NULL,
  payload JSON NULL,
  PRIMARY KEY (created_at, event_id)
)
-- @@
-- expect: DDL tables=countries
CREATE TABLE IF NOT EXISTS `countries` (`code` CHAR(2) NOT NULL PRIMARY KEY, `name` VARCHAR(100) NOT NULL) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
-- @@
-- expect: DDL tables=sbtest
CREATE TABLE sbtest(
  id INTEGER NOT NULL AUTO_INCREMENT,
  k INTEGER DEFAULT '0' NOT NULL,
  c CHAR(120) DEFAULT '' NOT NULL,
  pad CHAR(60) DEFAULT '' NOT NULL,
  PRIMARY KEY (id)
) /*! ENGINE = innodb */
-- @@
-- expect: DDL tables=audit_log
CREATE TABLE IF NOT EXISTS audit_log (id BIGINT AUTO_INCREMENT PRIMARY KEY, message TEXT NOT NULL);
-- @@
-- expect: DDL tables=customer
ALTER TABLE `customer` ADD COLUMN `phone` VARCHAR(32) NULL AFTER `email`
-- @@
-- expect: DDL tables=orders
alter table orders add column note varchar(255) default null, add index idx_orders_status (status)
-- @@
-- expect: DDL tables=orders
ALTER TABLE orders MODIFY COLUMN status VARCHAR(32) NOT NULL DEFAULT 'NEW'
-- @@
-- expect: DDL tables=order_items
ALTER TABLE order_items ADD CONSTRAINT chk_order_items_qty CHECK (qty > 0)
-- @@
-- expect: DDL tables=sbtest
CREATE INDEX k_1 ON sbtest(k)
-- @@
-- expect: DDL tables=events
CREATE INDEX idx_events_kind ON events (kind)
-- @@
-- expect: DDL tables=customer
CREATE UNIQUE INDEX `uk_customer_phone` ON `customer` (`phone`)
-- @@
-- expect: DDL tables=customer
create index idx_customer_country using btree on customer (country)
-- @@
-- expect: DDL tables=events
DROP INDEX idx_events_kind ON events
-- @@
-- expect: DDL tables=orders
ALTER TABLE `orders` DROP INDEX `idx_orders_status`
-- @@
-- expect: DDL tables=customer
ALTER TABLE customer CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci
-- @@
-- expect: DDL tables=audit_log
TRUNCATE TABLE audit_log
-- @@
-- expect: DDL tables=sbtest
truncate sbtest
-- @@
-- expect: DDL tables=audit_log
DROP TABLE IF EXISTS `audit_log`
-- @@
-- expect: DDL tables=order_items,orders
DROP TABLE IF EXISTS order_items, orders
-- @@
-- expect: QUERY
/* mysql-connector-j-9.7.0 (Revision: 5aa9f3f5e2c8bd4b5e2e0b3b7c1f1a0d5e7a8b9c) */SELECT  @@session.auto_increment_increment AS auto_increment_increment, @@character_set_client AS character_set_client, @@character_set_connection AS character_set_connection, @@character_set_results AS character_set_results, @@character_set_server AS character_set_server, @@collation_server AS collation_server, @@collation_connection AS collation_connection, @@init_connect AS init_connect, @@interactive_timeout AS interactive_timeout, @@license AS license, @@lower_case_table_names AS lower_case_table_names, @@max_allowed_packet AS max_allowed_packet, @@net_write_timeout AS net_write_timeout, @@performance_schema AS performance_schema, @@sql_mode AS sql_mode, @@system_time_zone AS system_time_zone, @@time_zone AS time_zone, @@transaction_isolation AS transaction_isolation, @@wait_timeout AS wait_timeout
-- @@
-- expect: QUERY
SELECT 1
-- @@
-- expect: QUERY
/* ping */ SELECT 1
-- @@
-- expect: QUERY
SELECT 1 FROM DUAL
-- @@
-- expect: QUERY
SELECT @@version
-- @@
-- expect: QUERY
select @@session.autocommit
-- @@
-- expect: QUERY
SELECT @@session.transaction_read_only
-- @@
-- expect: QUERY
SELECT DATABASE()
-- @@
-- expect: QUERY
SELECT LAST_INSERT_ID()
-- @@
-- expect: QUERY
SELECT FOUND_ROWS()
-- @@
-- expect: QUERY
SELECT NOW(6), UTC_TIMESTAMP()
-- @@
-- expect: QUERY
SELECT GET_LOCK(?, 10)
-- @@
-- expect: QUERY
select RELEASE_LOCK(?)
-- @@
-- expect: SESSION
SET NAMES utf8mb4
-- @@
-- expect: SESSION
SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci
-- @@
-- expect: SESSION
SET character_set_results = NULL
-- @@
-- expect: SESSION
SET autocommit=0
-- @@
-- expect: SESSION
set autocommit = 1
-- @@
-- expect: SESSION
SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED
-- @@
-- expect: SESSION
SET sql_mode='STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION'
-- @@
-- expect: SESSION
SET SESSION sql_mode = 'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'
-- @@
-- expect: SESSION
SET @@session.time_zone = '+00:00'
-- @@
-- expect: SESSION
SET net_write_timeout = 600
-- @@
-- expect: SESSION
SET SESSION wait_timeout = 28800
-- @@
-- expect: SESSION
SET SESSION max_execution_time = 5000
-- @@
-- expect: SESSION
SET @rownum := 0
-- @@
-- expect: SESSION
/*!40014 SET FOREIGN_KEY_CHECKS=0 */
-- @@
-- expect: OTHER
SHOW WARNINGS
-- @@
-- expect: OTHER
SHOW VARIABLES LIKE 'lower_case_table_names'
-- @@
-- expect: OTHER
SHOW FULL TABLES
-- @@
-- expect: OTHER
SHOW CREATE TABLE orders
-- @@
-- expect: OTHER
SHOW INDEX FROM `orders`
-- @@
-- expect: OTHER
show status like 'Threads_connected'
-- @@
-- expect: OTHER
DESCRIBE orders
-- @@
-- expect: OTHER
DESC `customer`
-- @@
-- expect: OTHER
EXPLAIN SELECT * FROM orders WHERE customer_id = 1
-- @@
-- expect: OTHER
EXPLAIN FORMAT=JSON SELECT count(*) FROM events WHERE created_at >= '2025-01-01'
-- @@
-- expect: TRANSACTION
START TRANSACTION
-- @@
-- expect: TRANSACTION
START TRANSACTION READ ONLY
-- @@
-- expect: TRANSACTION
START TRANSACTION WITH CONSISTENT SNAPSHOT
-- @@
-- expect: TRANSACTION
BEGIN
-- @@
-- expect: TRANSACTION
begin work
-- @@
-- expect: TRANSACTION
COMMIT
-- @@
-- expect: TRANSACTION
ROLLBACK
-- @@
-- expect: TRANSACTION
rollback work
-- @@
-- expect: TRANSACTION
SAVEPOINT sp1
-- @@
-- expect: TRANSACTION
ROLLBACK TO SAVEPOINT sp1
-- @@
-- expect: TRANSACTION
ROLLBACK TO sp1
-- @@
-- expect: TRANSACTION
RELEASE SAVEPOINT sp1
-- @@
-- expect: TRANSACTION
SAVEPOINT `sp_batch_1`
-- @@
-- expect: TRANSACTION
ROLLBACK TO SAVEPOINT `sp_batch_1`
-- @@
-- expect: QUERY tables=customer
select c1_0.customer_id,c1_0.country,c1_0.created_at,c1_0.email,c1_0.name from customer c1_0 where c1_0.customer_id=?
-- @@
-- expect: QUERY tables=customer
select customer0_.customer_id as customer1_0_0_, customer0_.country as country2_0_0_, customer0_.created_at as created_3_0_0_, customer0_.email as email4_0_0_, customer0_.name as name5_0_0_ from customer customer0_ where customer0_.customer_id=?
-- @@
-- expect: QUERY tables=customer
select customer0_.customer_id as customer1_0_, customer0_.email as email4_0_, customer0_.name as name5_0_ from customer customer0_ where customer0_.email=? limit ?
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
select o1_0.customer_id,o1_0.order_id,o1_0.created_at,o1_0.status,o1_0.total from orders o1_0 where o1_0.customer_id=? order by o1_0.created_at desc limit ?,?
-- @@
-- expect: QUERY tables=orders
select orders0_.customer_id as customer1_1_, orders0_.order_id as order_id2_1_, orders0_.status as status4_1_ from orders orders0_ where orders0_.customer_id=? limit ?
-- @@
-- expect: QUERY tables=orders
select orders0_.customer_id as customer1_1_, orders0_.order_id as order_id2_1_, orders0_.total as total5_1_ from orders orders0_ where orders0_.customer_id=? and orders0_.order_id=? for update
-- @@
-- expect: QUERY tables=customer
select c1_0.customer_id,c1_0.email,c1_0.name from customer c1_0 where c1_0.customer_id=? for update nowait
-- @@
-- expect: QUERY tables=orders
select o1_0.customer_id,o1_0.order_id,o1_0.status from orders o1_0 where o1_0.customer_id=? and o1_0.status=? for update skip locked
-- @@
-- expect: QUERY tables=customer
select customer0_.customer_id as customer1_0_, customer0_.name as name5_0_ from customer customer0_ where customer0_.customer_id=? lock in share mode
-- @@
-- expect: QUERY tables=orders
select o1_0.customer_id,o1_0.order_id,o1_0.total from orders o1_0 where o1_0.customer_id=? for share
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
-- expect: INSERT tables=audit_log
insert into audit_log (message) values (?)
-- @@
-- expect: QUERY tables=audit_log
select a1_0.id,a1_0.message from audit_log a1_0 where a1_0.id=?
-- @@
-- expect: QUERY tables=orders,customer
select o1_0.order_id,o1_0.total,c1_0.name from orders o1_0 join customer c1_0 on c1_0.customer_id=o1_0.customer_id where o1_0.customer_id=? and o1_0.created_at>=?
-- @@
-- expect: QUERY tables=orders
SELECT * FROM orders WHERE customer_id = ? AND order_id = ?
-- @@
-- expect: QUERY tables=orders
SELECT * FROM `orders` WHERE `customer_id` = ? ORDER BY `created_at` DESC LIMIT ?, ?
-- @@
-- expect: QUERY tables=orders
SELECT order_id, status FROM orders WHERE customer_id = ? ORDER BY order_id LIMIT 10 OFFSET 20
-- @@
-- expect: QUERY tables=orders
SELECT order_id, status FROM orders ORDER BY created_at DESC LIMIT 0, 25
-- @@
-- expect: QUERY tables=orders
SELECT order_id FROM orders WHERE customer_id = CAST(? AS UNSIGNED)
-- @@
-- expect: QUERY tables=orders
SELECT order_id FROM orders WHERE customer_id = CAST(? AS SIGNED INTEGER) AND total > ?
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
SELECT customer_id, name FROM customer WHERE country = "DE"
-- @@
-- expect: QUERY tables=customer
SELECT customer_id FROM customer WHERE name = 'O\'Brien' OR name = 'O''Neil'
-- @@
-- expect: QUERY tables=customer
SELECT customer_id FROM customer WHERE name = "Say \"hi?\"" AND customer_id = ?
-- @@
-- expect: QUERY tables=customer
SELECT customer_id FROM customer WHERE name LIKE 'a\_%' AND email LIKE "%@example.com"
-- @@
-- expect: INSERT tables=audit_log
INSERT INTO audit_log (message) VALUES ('C:\\temp\\new?.txt'), ("it's \"quoted\"")
-- @@
-- expect: QUERY tables=customer
SELECT * FROM customer WHERE (customer_id, country) IN ((?, ?), (?, ?))
-- @@
-- expect: QUERY tables=customer
SELECT customer_id, name FROM customer WHERE (created_at, customer_id) > (?, ?) ORDER BY created_at, customer_id LIMIT 500
-- @@
-- expect: QUERY tables=customer
SELECT customer_id FROM customer WHERE name REGEXP ? LIMIT 10
-- @@
-- expect: QUERY tables=customer
SELECT CONCAT(name, ' <', email, '>') AS display FROM customer WHERE customer_id = ?
-- @@
-- expect: QUERY tables=customer
SELECT customer_id, name FROM customer WHERE customer_id = 12345678901
-- @@
-- expect: QUERY tables=customer
SELECT customer_id FROM customer WHERE customer_id = '17'
-- @@
-- expect: QUERY tables=orders
SELECT COUNT(*) FROM orders WHERE customer_id = ? AND status <=> ?
-- @@
-- expect: QUERY tables=orders
SELECT IFNULL(MAX(order_id), 0) + 1 FROM orders WHERE customer_id = ?
-- @@
-- expect: QUERY tables=orders
SELECT order_id, IF(total > 100, 'big', 'small') AS size FROM orders WHERE customer_id = ?
-- @@
-- expect: QUERY tables=orders
SELECT SQL_CALC_FOUND_ROWS order_id, total FROM orders WHERE customer_id = ? ORDER BY created_at DESC LIMIT 10
-- @@
-- expect: QUERY tables=orders
SELECT order_id FROM orders FORCE INDEX (idx_orders_created_at) WHERE created_at > ? AND customer_id = ?
-- @@
-- expect: QUERY tables=orders
SELECT order_id FROM orders USE INDEX (PRIMARY) WHERE customer_id = ? AND order_id > ?
-- @@
-- expect: QUERY tables=events
SELECT * FROM events WHERE created_at >= ? AND created_at < ?
-- @@
-- expect: QUERY tables=events
SELECT event_id, kind FROM events WHERE created_at BETWEEN ? AND ? ORDER BY created_at LIMIT ?
-- @@
-- expect: QUERY tables=events
SELECT event_id, kind FROM events WHERE created_at BETWEEN '2024-12-01' AND '2025-01-31 23:59:59'
-- @@
-- expect: QUERY tables=events
SELECT event_id, kind, payload FROM events WHERE created_at >= DATE_SUB(NOW(), INTERVAL 7 DAY)
-- @@
-- expect: QUERY tables=events
select count(*) from events where created_at >= CURDATE() - INTERVAL 1 DAY and kind = 'login'
-- @@
-- expect: QUERY tables=events
SELECT event_id FROM events WHERE created_at > ? - INTERVAL ? HOUR
-- @@
-- expect: QUERY tables=events
SELECT event_id FROM events WHERE created_at >= STR_TO_DATE(?, '%Y-%m-%d') AND created_at < DATE_ADD(STR_TO_DATE(?, '%Y-%m-%d'), INTERVAL 1 MONTH)
-- @@
-- expect: QUERY tables=events
SELECT event_id FROM events WHERE DATE(created_at) = ?
-- @@
-- expect: QUERY tables=events
SELECT DATE_FORMAT(created_at, '%Y-%m-%d') AS day, kind, COUNT(*) FROM events WHERE created_at >= ? GROUP BY day, kind ORDER BY day
-- @@
-- expect: QUERY tables=events
SELECT kind, COUNT(*) FROM events WHERE created_at >= '2025-01-01' GROUP BY kind WITH ROLLUP
-- @@
-- expect: QUERY tables=events
SELECT event_id, TIMESTAMPDIFF(SECOND, created_at, NOW()) AS age FROM events WHERE created_at = ?
-- @@
-- expect: QUERY tables=events
SELECT payload->>'$.user_id' AS user_id, payload->'$.ip' AS ip FROM events WHERE created_at >= ? AND kind = ?
-- @@
-- expect: QUERY tables=events
SELECT event_id, JSON_UNQUOTE(JSON_EXTRACT(payload, '$.type')) AS type FROM events WHERE created_at >= ? AND JSON_EXTRACT(payload, '$.user_id') = ?
-- @@
-- expect: QUERY tables=events
SELECT event_id FROM events WHERE JSON_CONTAINS(payload, ?, '$.tags') AND created_at BETWEEN ? AND ?
-- @@
-- expect: UPDATE tables=events
UPDATE events SET payload = JSON_SET(payload, '$.status', ?) WHERE event_id = ? AND created_at = ?
-- @@
-- expect: INSERT tables=events
INSERT INTO events (event_id, created_at, kind, payload) VALUES (?, ?, ?, JSON_OBJECT('user_id', ?, 'ip', ?))
-- @@
-- expect: INSERT tables=events
INSERT INTO events (event_id, created_at, kind, payload) VALUES (?, ?, ?, CAST(? AS JSON))
-- @@
-- expect: INSERT tables=events
INSERT INTO events (event_id, created_at, kind, payload)
VALUES (1, '2024-11-05 10:00:00', 'login', '{"user_id": 7}'),
       (2, '2025-03-01 09:30:00', 'logout', NULL)
-- @@
-- expect: INSERT tables=customer
INSERT INTO customer (customer_id, name, email, country, created_at) VALUES (?, ?, ?, ?, NOW()), (?, ?, ?, ?, NOW()), (42, 'Ann', 'ann@example.com', 'DE', NOW())
-- @@
-- expect: INSERT tables=orders
insert into orders (order_id, customer_id, status, total, created_at) values
  (?, ?, 'NEW', ?, ?),
  (?, ?, 'NEW', ?, ?),
  (?, ?, 'NEW', ?, ?),
  (?, ?, 'NEW', ?, ?)
-- @@
-- expect: INSERT tables=countries
INSERT INTO countries (code, name) VALUES ('DE', 'Germany'), ('FR', 'France'), ('US', 'United States'), ('CI', 'Côte d\'Ivoire')
-- @@
-- expect: INSERT tables=sbtest
INSERT INTO sbtest VALUES (?, ?, ?, ?)
-- @@
-- expect: INSERT tables=audit_log
INSERT INTO audit_log SET message = ?
-- @@
-- expect: INSERT tables=customer
INSERT INTO customer (customer_id, name, email, country) VALUES (?, ?, ?, ?)
ON DUPLICATE KEY UPDATE name = VALUES(name), email = VALUES(email)
-- @@
-- expect: INSERT tables=order_items
INSERT INTO order_items (item_id, order_id, customer_id, product_id, qty, price) VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE qty = qty + ?
-- @@
-- expect: INSERT tables=orders
INSERT INTO orders (order_id, customer_id, status, total) VALUES (?, ?, ?, ?) AS new ON DUPLICATE KEY UPDATE total = orders.total + new.total, status = new.status
-- @@
-- expect: INSERT tables=sbtest
INSERT INTO sbtest (id, k, c, pad) VALUES (?, ?, ?, ?), (?, ?, ?, ?) ON DUPLICATE KEY UPDATE k = k + 1, c = VALUES(c)
-- @@
-- expect: INSERT tables=countries
INSERT IGNORE INTO countries (code, name) VALUES (?, ?)
-- @@
-- expect: INSERT tables=customer
insert ignore into customer (customer_id, name, email, country) values (?, ?, ?, ?), (?, ?, ?, ?)
-- @@
-- expect: INSERT tables=countries
REPLACE INTO countries (code, name) VALUES (?, ?)
-- @@
-- expect: INSERT tables=sbtest
replace into sbtest (id, k, c, pad) values (?, ?, ?, ?)
-- @@
-- expect: INSERT tables=audit_log,orders
INSERT INTO audit_log (message) SELECT CONCAT('order ', order_id, ' is ', status) FROM orders WHERE customer_id = ?
-- @@
-- expect: QUERY tables=events
SELECT event_id, payload FROM events WHERE kind = 'outbox' ORDER BY created_at LIMIT 10 FOR UPDATE SKIP LOCKED
-- @@
-- expect: QUERY tables=orders
SELECT order_id, total FROM orders WHERE customer_id = ? LOCK IN SHARE MODE
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
-- expect: UPDATE tables=events
UPDATE events SET kind = 'outbox-sent' WHERE kind = 'outbox' ORDER BY created_at LIMIT 1
-- @@
-- expect: UPDATE tables=orders
UPDATE orders SET status = ? WHERE customer_id = ? AND status = 'NEW' LIMIT 1
-- @@
-- expect: DELETE tables=events
DELETE FROM events WHERE created_at < ? ORDER BY created_at LIMIT 1000
-- @@
-- expect: DELETE tables=audit_log
delete from audit_log where id < ? limit ?
-- @@
-- expect: UPDATE tables=orders,customer
UPDATE orders o JOIN customer c ON c.customer_id = o.customer_id SET o.status = 'CANCELLED' WHERE c.customer_id = ? AND c.email IS NULL
-- @@
-- expect: UPDATE tables=orders,order_items
UPDATE orders o
  JOIN (SELECT order_id, customer_id, SUM(qty * price) AS sum_price FROM order_items WHERE customer_id = ? GROUP BY order_id, customer_id) s
    ON s.order_id = o.order_id AND s.customer_id = o.customer_id
SET o.total = s.sum_price
-- @@
-- expect: DELETE tables=order_items,orders
DELETE i FROM order_items i JOIN orders o ON o.order_id = i.order_id AND o.customer_id = i.customer_id WHERE o.customer_id = ? AND o.status = 'CANCELLED'
-- @@
-- expect: UPDATE tables=customer
UPDATE customer SET email = LOWER(email) WHERE customer_id IN (?, ?)
-- @@
-- expect: DELETE tables=events
DELETE FROM events WHERE created_at < DATE_SUB(NOW(), INTERVAL 90 DAY)
-- @@
-- expect: DELETE tables=events
delete from events where created_at < ? and kind in ('heartbeat', 'ping')
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
select count(*) from sbtest where k > 100 and id % 2 = 0
-- @@
-- expect: QUERY tables=orders,customer
WITH recent AS (
  SELECT customer_id, SUM(total) AS spent
  FROM orders
  WHERE created_at > NOW() - INTERVAL 30 DAY
  GROUP BY customer_id
)
SELECT c.name, r.spent FROM customer c JOIN recent r ON r.customer_id = c.customer_id ORDER BY r.spent DESC LIMIT 10
-- @@
-- expect: QUERY tables=orders
with o as (select order_id, total from orders where customer_id = ?) select count(*), sum(total) from o
-- @@
-- expect: QUERY
WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 31) SELECT n FROM seq
-- @@
-- expect: QUERY tables=orders
SELECT order_id, total, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY created_at DESC) AS rn FROM orders WHERE customer_id = ?
-- @@
-- expect: QUERY tables=orders
select customer_id, order_id, total, sum(total) over (partition by customer_id order by created_at rows between unbounded preceding and current row) as running_total from orders where customer_id in (?, ?)
-- @@
-- expect: QUERY tables=orders
SELECT * FROM (SELECT order_id, customer_id, RANK() OVER (ORDER BY total DESC) AS r FROM orders) ranked WHERE r <= 5
-- @@
-- expect: QUERY tables=customer,orders
SELECT c.customer_id, c.name, COUNT(o.order_id) AS n FROM customer c LEFT JOIN orders o ON o.customer_id = c.customer_id GROUP BY c.customer_id, c.name HAVING COUNT(o.order_id) > ? ORDER BY n DESC
-- @@
-- expect: QUERY tables=orders
SELECT status, COUNT(*), SUM(total), AVG(total), MIN(created_at), MAX(created_at) FROM orders GROUP BY status HAVING SUM(total) > 1000 ORDER BY status
-- @@
-- expect: QUERY tables=orders
SELECT customer_id, GROUP_CONCAT(status ORDER BY created_at SEPARATOR ',') AS statuses FROM orders WHERE customer_id = ? GROUP BY customer_id
-- @@
-- expect: QUERY tables=orders
SELECT SUM(CASE WHEN status = 'PAID' THEN 1 ELSE 0 END) AS paid, COUNT(*) AS total FROM orders WHERE customer_id = ?
-- @@
-- expect: QUERY tables=customer
SELECT DISTINCT country FROM customer ORDER BY country
-- @@
-- expect: QUERY tables=orders
SELECT COUNT(DISTINCT customer_id) FROM orders WHERE created_at >= ?
-- @@
-- expect: QUERY tables=orders
SELECT COUNT(*) FROM (SELECT DISTINCT customer_id FROM orders) t
-- @@
-- expect: QUERY tables=customer,orders
SELECT * FROM customer WHERE customer_id IN (SELECT customer_id FROM orders WHERE status = 'NEW')
-- @@
-- expect: QUERY tables=customer,orders
SELECT c.* FROM customer c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id)
-- @@
-- expect: QUERY tables=customer,orders
SELECT c.name, (SELECT MAX(o.created_at) FROM orders o WHERE o.customer_id = c.customer_id) AS last_order FROM customer c WHERE c.customer_id = ?
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
-- expect: QUERY tables=orders
select `shop`.`orders`.`order_id`, `shop`.`orders`.`total` from `shop`.`orders` where `shop`.`orders`.`customer_id` = ?
-- @@
-- expect: QUERY tables=orders
select `shop`.`orders`.`order_id`, `shop`.`orders`.`status` from `shop`.`orders` where (`shop`.`orders`.`customer_id` = ? and `shop`.`orders`.`status` in (?, ?)) order by `shop`.`orders`.`created_at` desc limit ? offset ?
-- @@
-- expect: QUERY tables=customer
select count(*) from `shop`.`customer` where `shop`.`customer`.`country` = ?
-- @@
-- expect: INSERT tables=customer
insert into `shop`.`customer` (`customer_id`, `name`, `email`, `country`) values (?, ?, ?, ?)
-- @@
-- expect: INSERT tables=countries
insert into `shop`.`countries` (`code`, `name`) values (?, ?) on duplicate key update `shop`.`countries`.`name` = ?
-- @@
-- expect: UPDATE tables=orders
update `shop`.`orders` set `shop`.`orders`.`status` = ?, `shop`.`orders`.`total` = ? where (`shop`.`orders`.`customer_id` = ? and `shop`.`orders`.`order_id` = ?)
-- @@
-- expect: DELETE tables=order_items
delete from `shop`.`order_items` where (`shop`.`order_items`.`customer_id` = ? and `shop`.`order_items`.`order_id` = ?)
-- @@
-- expect: QUERY tables=order_items,orders
select `i`.`item_id`, `i`.`qty`, `o`.`status` from `order_items` as `i` join `orders` as `o` on (`o`.`customer_id` = `i`.`customer_id` and `o`.`order_id` = `i`.`order_id`) where `i`.`customer_id` = ?
-- @@
-- expect: INSERT tables=order_items
insert into `order_items` (`item_id`, `order_id`, `customer_id`, `product_id`, `qty`, `price`) values (?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?)
-- @@
-- expect: QUERY tables=customer
-- load a customer by id (CustomerMapper.selectById)
SELECT customer_id, name, email FROM customer WHERE customer_id = ?
-- @@
-- expect: QUERY tables=orders
SELECT order_id, total # MySQL-style line comment
FROM orders
WHERE customer_id = ?
-- @@
-- expect: QUERY tables=orders
/* trace-id=abc123 span=42 */ SELECT order_id, total FROM orders WHERE customer_id = ?
-- @@
-- expect: QUERY tables=orders
/*+ MAX_EXECUTION_TIME(1000) */ SELECT order_id FROM orders WHERE created_at > ? AND customer_id = ?
-- @@
-- expect: QUERY tables=orders
SELECT /*+ MAX_EXECUTION_TIME(1000) */ order_id FROM orders WHERE customer_id = ?
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
/* shard: s1 */ SELECT COUNT(*) FROM audit_log
-- @@
-- expect: QUERY tables=customer
/* shard: s0 */ select count(*) from customer
-- @@
-- expect: QUERY tables=audit_log
SELECT id, message FROM audit_log ORDER BY id DESC LIMIT 100
-- @@
-- expect: UPDATE tables=audit_log
UPDATE audit_log SET message = CONCAT(message, ' (archived)') WHERE id < ?
-- @@
-- expect: QUERY tables=orders
SELECT order_id FROM orders WHERE customer_id = ? AND total BETWEEN 10.00 AND 99.99 AND status IS NOT NULL
-- @@
-- expect: QUERY tables=order_items
SELECT product_id, SUM(qty) AS units, SUM(qty * price) AS revenue FROM order_items GROUP BY product_id ORDER BY revenue DESC LIMIT 10
-- @@
-- expect: QUERY tables=customer
SELECT EXISTS(SELECT 1 FROM customer WHERE email = ?)
-- @@
-- expect: QUERY tables=customer
SELECT customer_id FROM customer WHERE created_at >= ? ORDER BY created_at, customer_id LIMIT ?
-- @@
-- expect: UPDATE tables=orders
UPDATE orders SET total = total * 1.19, status = 'PAID' WHERE customer_id = ? AND order_id = ? AND status = 'NEW'
-- @@
-- expect: DELETE tables=orders,customer
DELETE FROM orders WHERE customer_id IN (SELECT customer_id FROM customer WHERE email LIKE '%@example.org')
-- @@
-- expect: QUERY tables=customer
SELECT * FROM customer WHERE customer_id = ? FOR UPDATE
