package io.shardjdbc.it.differential;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deterministic data set of the differential tests: related tables placed every way the driver
 * places tables, with NULLs next to keys and in measures, duplicates, strings that differ only by
 * case, accents, width or trailing/leading spaces, decimals of several scales, dates, a skewed
 * customer with most of the orders, a range shard with no events and a hash table too small to
 * reach every shard. Every value is a function of the row number: no randomness, no clock.
 */
final class DataSet {
    /**
     * Placement: hash, co-located, range (the 2024-07-01..2024-12-31 range, on s2, stays empty),
     * broadcast; and a small supply chain in the style of CH-benCHmark (suppliers, items, stock),
     * each hashed on its own id so that every join between them, or with order lines by SKU, crosses
     * shards.
     */
    static final String TABLES = """
            tables:
              customers:   { key: customer_id, strategy: hash }
              orders:      { key: customer_id, colocate: customers }
              order_lines: { key: customer_id, colocate: customers }
              events:
                key: event_date
                strategy: range
                ranges: [ { below: "2024-04-01", shard: s0 }, { below: "2024-07-01", shard: s1 }, { below: "2025-01-01", shard: s2 }, { shard: s3 } ]
              countries:   { broadcast: true }
              promos:      { key: promo_id, strategy: hash }
              suppliers:   { key: supplier_id, strategy: hash }
              items:       { key: item_id, strategy: hash }
              stock:       { key: stock_id, strategy: hash }
            """;

    static final int CUSTOMERS = 300;
    /** The skewed customer: most orders are theirs. */
    static final long WHALE = 7;
    static final int WHALE_ORDERS = 600;

    static final String[] NAMES = {
        "alice", "Alice", "ALICE", "Álvaro", "alvaro", "Zoë", "zoe", "Zoe", "bob", "bob ", "Bob", " bob", "Émile", "emile",
        "Ωmega", "omega", "Straße", "strasse", "😀 smile", "ｆull width", "O'Brien", "o'brien", "Ng", "ng", "Ängel", "angel",
        "Ærø", "zz top", "Z", "a", "mañana", "Manana", "ǅemal", "İstanbul", "istanbul", "\uE000private", "x\u0301y"};
    static final String[] CITIES = {"Paris", "paris", "São Paulo", "Berlin", "berlin ", "Zürich", "zurich", null, "Åre", "Oslo"};
    static final String[] COUNTRY_OF = {"FR", "DE", "BR", "CH", "US", null, "JP", "XX", "AX", "NZ", "FR"};
    static final String[] STATUSES = {"new", "NEW", "paid", "shipped", "Shipped", "cancelled", null, "paid"};
    static final String[] CHANNELS = {"web", "store", "phone", null, "Web"};
    static final String[] SKUS = {"SKU-1", "sku-1", "SKU-2", "SKU-10", "SKU-9", "ß-1", "ss-1", "SKU-2 "};
    static final String[] KINDS = {"click", "Click", "view", "purchase", "refund", "view"};
    static final String[] SUPPLIER_NAMES = {"Acme", "acme", "ACME ", "Bolt", "Émile", "emile", "alice", "Zeta", "zeta", "Ωmega",
        "Straße", "strasse", "Núñez", "nunez", "Ng"};
    static final String[] NATIONS = {"FR", "DE", "BR", "CH", "US", "JP", null, "XX", "AX", "DE", "NZ", "FR"};
    static final String[] CATEGORIES = {"tools", "Tools", "toys", "books", null, "food ", "toys"};
    static final int SUPPLIERS = 25;
    static final int ITEMS = 60;

    /** One table: its DDL per dialect and its rows in column order. */
    record Table(String name, List<String> columns, int[] types, String ddl, List<Object[]> rows) {
        String insertSql() {
            return "INSERT INTO " + name + " (" + String.join(", ", columns) + ") VALUES ("
                    + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
        }
    }

    final Map<String, Table> tables = new LinkedHashMap<>();

    DataSet(boolean postgres) {
        String dbl = postgres ? "DOUBLE PRECISION" : "DOUBLE";
        List<Object[]> customers = new ArrayList<>();
        for (int i = 1; i <= CUSTOMERS; i++) {
            customers.add(new Object[] {
                (long) i,
                NAMES[i % NAMES.length],
                CITIES[(i * 7) % CITIES.length],
                COUNTRY_OF[i % COUNTRY_OF.length],
                i % 5 == 0 ? null : i % 4,
                i % 11 == 0 ? null : BigDecimal.valueOf((i * 37L) % 10000 - 3000, 2),
                i % 13 == 0 ? null : LocalDate.parse("2020-01-01").plusDays((i * 11L) % 1500),
                i % 9 == 0 ? null : (i % 40) * 0.25 - 3});
        }
        add("customers", "CREATE TABLE customers (customer_id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL, city VARCHAR(40), "
                        + "country CHAR(2), tier INT, credit DECIMAL(12,2), signup DATE, score " + dbl + ")",
                List.of("customer_id", "name", "city", "country", "tier", "credit", "signup", "score"),
                new int[] {Types.BIGINT, Types.VARCHAR, Types.VARCHAR, Types.CHAR, Types.INTEGER, Types.DECIMAL, Types.DATE, Types.DOUBLE},
                customers);

        List<Object[]> orders = new ArrayList<>();
        List<Object[]> lines = new ArrayList<>();
        long orderId = 0, lineId = 0;
        for (long c = 1; c <= CUSTOMERS + 5; c++) { // customers 301..305 do not exist: orders without a customer
            int n = c == WHALE ? WHALE_ORDERS : (int) (c % 9);
            for (int k = 0; k < n; k++) {
                long o = ++orderId;
                orders.add(new Object[] {
                    o, c,
                    STATUSES[(int) (o % STATUSES.length)],
                    o % 10 == 0 ? null : BigDecimal.valueOf((o * 7919) % 100000 - 10000, 2),
                    o % 13 == 0 ? null : (int) (o % 9),
                    LocalDate.parse("2023-01-01").plusDays((o * 3) % 700),
                    CHANNELS[(int) ((o * 5) % CHANNELS.length)]});
                for (int l = 0; l < o % 4; l++) {
                    long id = ++lineId;
                    lines.add(new Object[] {
                        id, o, c,
                        SKUS[(int) ((id * 3) % SKUS.length)],
                        (int) (id % 5) + 1,
                        BigDecimal.valueOf((id * 137) % 50000, 3),
                        id % 6 == 0 ? null : BigDecimal.valueOf(id % 7, 2)});
                }
            }
        }
        add("orders", "CREATE TABLE orders (order_id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL, status VARCHAR(16), "
                        + "amount DECIMAL(12,2), qty INT, order_date DATE NOT NULL, channel VARCHAR(10))",
                List.of("order_id", "customer_id", "status", "amount", "qty", "order_date", "channel"),
                new int[] {Types.BIGINT, Types.BIGINT, Types.VARCHAR, Types.DECIMAL, Types.INTEGER, Types.DATE, Types.VARCHAR},
                orders);
        add("order_lines", "CREATE TABLE order_lines (line_id BIGINT PRIMARY KEY, order_id BIGINT NOT NULL, customer_id BIGINT NOT NULL, "
                        + "sku VARCHAR(20) NOT NULL, quantity INT NOT NULL, unit_price DECIMAL(10,3) NOT NULL, discount DECIMAL(5,4))",
                List.of("line_id", "order_id", "customer_id", "sku", "quantity", "unit_price", "discount"),
                new int[] {Types.BIGINT, Types.BIGINT, Types.BIGINT, Types.VARCHAR, Types.INTEGER, Types.DECIMAL, Types.DECIMAL},
                lines);

        List<Object[]> events = new ArrayList<>();
        for (long e = 1; e <= 1500; e++) {
            LocalDate d = e % 3 == 2 ? LocalDate.parse("2025-01-01").plusDays(e % 90) : LocalDate.parse("2024-01-01").plusDays(e % 182);
            events.add(new Object[] {
                e, d,
                KINDS[(int) (e % KINDS.length)],
                e % 6 == 0 ? null : e % 310,
                e % 5 == 0 ? null : (int) (e % 4),
                e % 8 == 0 ? null : "p" + (e % 50)});
        }
        add("events", "CREATE TABLE events (event_id BIGINT PRIMARY KEY, event_date DATE NOT NULL, kind VARCHAR(20) NOT NULL, "
                        + "customer_id BIGINT, severity INT, payload VARCHAR(100))",
                List.of("event_id", "event_date", "kind", "customer_id", "severity", "payload"),
                new int[] {Types.BIGINT, Types.DATE, Types.VARCHAR, Types.BIGINT, Types.INTEGER, Types.VARCHAR},
                events);

        add("countries", "CREATE TABLE countries (code CHAR(2) PRIMARY KEY, name VARCHAR(64) NOT NULL, region VARCHAR(20), vat DECIMAL(4,2))",
                List.of("code", "name", "region", "vat"),
                new int[] {Types.CHAR, Types.VARCHAR, Types.VARCHAR, Types.DECIMAL},
                List.of(
                        new Object[] {"FR", "France", "Europe", new BigDecimal("20.00")},
                        new Object[] {"DE", "Germany", "Europe", new BigDecimal("19.00")},
                        new Object[] {"BR", "Brazil", "South America", new BigDecimal("17.50")},
                        new Object[] {"CH", "Switzerland", "Europe", new BigDecimal("7.70")},
                        new Object[] {"US", "United States", "North America", null},
                        new Object[] {"JP", "Japan", "Asia", new BigDecimal("10.00")},
                        new Object[] {"AX", "Åland Islands", "europe", new BigDecimal("24.00")},
                        new Object[] {"NZ", "New Zealand", null, new BigDecimal("15.00")},
                        new Object[] {"IS", "Iceland", "Europe", new BigDecimal("24.00")}));

        add("promos", "CREATE TABLE promos (promo_id BIGINT PRIMARY KEY, code VARCHAR(20), pct INT)",
                List.of("promo_id", "code", "pct"),
                new int[] {Types.BIGINT, Types.VARCHAR, Types.INTEGER},
                List.of(new Object[] {1L, "SPRING", 10}, new Object[] {2L, "summer", null}));
        supplyChain();
    }

    /**
     * Suppliers (nations that are countries, unknown or NULL; names differing by case, accents and
     * trailing spaces), items whose SKUs repeat order lines' SKUs in other cases and widths and
     * whose suppliers may be NULL or missing, and stock per item and warehouse with NULL and
     * negative quantities; some items have no stock.
     */
    private void supplyChain() {
        List<Object[]> suppliers = new ArrayList<>();
        for (int s = 1; s <= SUPPLIERS; s++) {
            suppliers.add(new Object[] {
                (long) s,
                SUPPLIER_NAMES[s % SUPPLIER_NAMES.length],
                NATIONS[s % NATIONS.length],
                s % 8 == 0 ? null : BigDecimal.valueOf((s * 7919L) % 200000 - 40000, 2),
                s % 6 == 0 ? null : s % 5});
        }
        add("suppliers", "CREATE TABLE suppliers (supplier_id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL, nation CHAR(2), "
                        + "balance DECIMAL(12,2), rating INT)",
                List.of("supplier_id", "name", "nation", "balance", "rating"),
                new int[] {Types.BIGINT, Types.VARCHAR, Types.CHAR, Types.DECIMAL, Types.INTEGER},
                suppliers);

        List<Object[]> items = new ArrayList<>();
        for (int i = 1; i <= ITEMS; i++) {
            items.add(new Object[] {
                (long) i,
                i <= SKUS.length ? SKUS[i - 1] : "SKU-" + i,
                (i % 3 == 0 ? "Item " : "item ") + i,
                BigDecimal.valueOf((i * 379L) % 9000 + 100, 2),
                CATEGORIES[i % CATEGORIES.length],
                i % 7 == 0 ? null : (long) ((i * 3) % (SUPPLIERS + 2) + 1)}); // suppliers 26 and 27 do not exist
        }
        add("items", "CREATE TABLE items (item_id BIGINT PRIMARY KEY, sku VARCHAR(20) NOT NULL, title VARCHAR(40) NOT NULL, "
                        + "price DECIMAL(10,2) NOT NULL, category VARCHAR(16), supplier_id BIGINT)",
                List.of("item_id", "sku", "title", "price", "category", "supplier_id"),
                new int[] {Types.BIGINT, Types.VARCHAR, Types.VARCHAR, Types.DECIMAL, Types.VARCHAR, Types.BIGINT},
                items);

        List<Object[]> stock = new ArrayList<>();
        long stockId = 0;
        for (int i = 1; i <= ITEMS; i++) {
            if (i % 10 == 3) continue; // items without stock
            for (int w = 1; w <= 4; w++) {
                if (i % 5 == w) continue;
                long id = ++stockId;
                stock.add(new Object[] {
                    id, (long) i, w,
                    (i + w) % 11 == 0 ? null : (i * 17 + w * 31) % 100 - 5,
                    BigDecimal.valueOf((id * 4391) % 100000, 2)});
            }
        }
        add("stock", "CREATE TABLE stock (stock_id BIGINT PRIMARY KEY, item_id BIGINT NOT NULL, warehouse_id INT NOT NULL, "
                        + "quantity INT, ytd DECIMAL(12,2) NOT NULL)",
                List.of("stock_id", "item_id", "warehouse_id", "quantity", "ytd"),
                new int[] {Types.BIGINT, Types.BIGINT, Types.INTEGER, Types.INTEGER, Types.DECIMAL},
                stock);
    }

    private void add(String name, String ddl, List<String> columns, int[] types, List<Object[]> rows) {
        tables.put(name, new Table(name, columns, types, ddl, rows));
    }

    List<String> ddl() {
        List<String> out = new ArrayList<>();
        for (Table t : tables.values()) out.add(t.ddl());
        return out;
    }

    /** Inserts every row through {@code c} in batches, in one transaction per table. */
    void load(Connection c) throws SQLException {
        c.setAutoCommit(false);
        for (Table t : tables.values()) {
            try (PreparedStatement ps = c.prepareStatement(t.insertSql())) {
                int pending = 0;
                for (Object[] row : t.rows()) {
                    for (int i = 0; i < row.length; i++) {
                        if (row[i] == null) ps.setNull(i + 1, t.types()[i]);
                        else if (row[i] instanceof LocalDate d) ps.setDate(i + 1, java.sql.Date.valueOf(d));
                        else ps.setObject(i + 1, row[i]);
                    }
                    ps.addBatch();
                    if (++pending == 500) {
                        ps.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) ps.executeBatch();
            }
            c.commit();
        }
        c.setAutoCommit(true);
    }

    int rows(String table) {
        return tables.get(table).rows().size();
    }
}
