package io.shardjdbc.move;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.XidEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import io.shardjdbc.config.ShardSpec;
import java.io.IOException;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Change capture on a MySQL/MariaDB source through the binary log (ROW format, full row images),
 * read with {@code mysql-binlog-connector-java} as a replica would. The copy's snapshot and the
 * capture's start are the same moment: {@code START TRANSACTION WITH CONSISTENT SNAPSHOT} and the
 * binary log position of that snapshot (MariaDB's {@code binlog_snapshot_file}/{@code _position};
 * on MySQL a brief {@code FLUSH TABLES WITH READ LOCK} around both). The position kept in the journal
 * is that of the last source transaction applied, so a resumed move reads on from there; the
 * changes are idempotent, so reading some again is harmless. Markers are rows the engine writes into
 * a small table {@value #MARKER_TABLE} in the source database.
 */
final class MyCapture implements Capture {
    static final String MARKER_TABLE = "sjdbc_move_marker";
    private static final int QUEUE = 10_000;
    private final ShardSpec source;
    private final String moveId;
    private String position;
    private String database;
    private Map<String, MyValues> shapes;
    private final Map<String, List<String>> keys = new HashMap<>();
    private BinaryLogClient client;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Map<Long, String> tablesById = new HashMap<>();
    private volatile Exception failure;
    private volatile boolean closed;

    /** A marker row, as read from the binary log. */
    private record Marker(String moveId, String content) { }

    /** A source transaction's end: the position after it. */
    private record Commit(String position) { }

    /** @param position the position the journal kept (file:offset), or null for a new capture */
    MyCapture(ShardSpec source, String moveId, String position) {
        this.source = source;
        this.moveId = moveId;
        this.position = position;
    }

    @Override
    public String position() { return position; }

    @Override
    public boolean isOpen() { return shapes != null; }

    @Override
    public boolean open(Connection admin, Connection read, List<MovedTable> tables) throws SQLException {
        requireRowLogging(admin);
        database = admin.getCatalog();
        try (Statement st = admin.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + MARKER_TABLE + " (move_id VARCHAR(64) NOT NULL PRIMARY KEY, "
                    + "marker VARCHAR(255) NOT NULL) CHARACTER SET utf8mb4");
        }
        shapes = new HashMap<>();
        for (MovedTable t : tables) {
            shapes.put(t.name(), MyValues.of(admin, t.name()));
            keys.put(t.name(), t.primaryKey());
        }
        shapes.put(MARKER_TABLE, MyValues.of(admin, MARKER_TABLE));
        if (position != null) {
            if (read != null) beginSnapshot(read);
            return false;
        }
        if (read == null) return true; // asked to go on, but nothing was ever captured
        position = snapshotPosition(admin, read);
        return true;
    }

    private void requireRowLogging(Connection admin) throws SQLException {
        try (Statement st = admin.createStatement();
             ResultSet rs = st.executeQuery("SELECT @@log_bin, @@binlog_format, @@binlog_row_image")) {
            rs.next();
            if (!rs.getBoolean(1) || !"ROW".equalsIgnoreCase(rs.getString(2)) || !"FULL".equalsIgnoreCase(rs.getString(3))) {
                throw new SQLException("shard " + source.name() + " needs the binary log in ROW format with full row images for online moves "
                        + "(log_bin=" + rs.getString(1) + ", binlog_format=" + rs.getString(2) + ", binlog_row_image=" + rs.getString(3)
                        + "); set log-bin, binlog_format=ROW and binlog_row_image=FULL in the server's config (scripts/mariadb-replica.sh does)",
                        "55000");
            }
        }
    }

    private static void beginSnapshot(Connection read) throws SQLException {
        read.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (Statement st = read.createStatement()) {
            st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
        }
    }

    /** Begins {@code read}'s snapshot and returns the binary log position of exactly that moment. */
    private String snapshotPosition(Connection admin, Connection read) throws SQLException {
        beginSnapshot(read);
        String file = null;
        long offset = -1;
        try (Statement st = read.createStatement(); ResultSet rs = st.executeQuery("SHOW STATUS LIKE 'binlog_snapshot_%'")) {
            while (rs.next()) {
                if (rs.getString(1).equalsIgnoreCase("Binlog_snapshot_file")) file = rs.getString(2);
                if (rs.getString(1).equalsIgnoreCase("Binlog_snapshot_position")) offset = rs.getLong(2);
            }
        }
        if (file != null && !file.isEmpty() && offset >= 0) return file + ":" + offset; // MariaDB
        // MySQL has no snapshot position: hold every commit for the moment of taking both
        read.rollback();
        try (Statement st = admin.createStatement()) {
            st.execute("FLUSH TABLES WITH READ LOCK");
            try {
                beginSnapshot(read);
                try (ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
                    if (!rs.next()) throw new SQLException("shard " + source.name() + " has no binary log (SHOW MASTER STATUS is empty)", "55000");
                    return rs.getString(1) + ":" + rs.getLong(2);
                }
            } finally {
                st.execute("UNLOCK TABLES");
            }
        }
    }

    @Override
    public void mark(Connection c, String content) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + MARKER_TABLE + " (move_id, marker) VALUES (?, ?) "
                + "ON DUPLICATE KEY UPDATE marker = VALUES(marker)")) {
            ps.setString(1, moveId);
            ps.setString(2, content);
            ps.executeUpdate();
        }
    }

    @Override
    public void streamUntil(String until, Sink sink, Idle idle) throws SQLException {
        if (client == null) start();
        int uncommitted = 0; // source transactions applied since the sink last committed
        String applied = position;
        while (true) {
            Object item;
            try {
                item = queue.poll(5, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while reading the binary log of shard " + source.name(), "57014");
            }
            if (item == null) {
                if (uncommitted > 0) {
                    sink.commit();
                    position = applied;
                    uncommitted = 0;
                }
                if (failure != null) {
                    throw new SQLException("reading the binary log of shard " + source.name() + " from " + position + " failed: "
                            + failure.getMessage() + "; resume the move", "08006", failure);
                }
                idle.check();
                continue;
            }
            if (item instanceof RowChange row) {
                sink.row(row);
            } else if (item instanceof Commit c) {
                applied = c.position();
                if (++uncommitted >= COMMIT_EVERY) {
                    sink.commit();
                    position = applied;
                    uncommitted = 0;
                }
            } else if (item instanceof Marker m && m.moveId().equals(moveId) && m.content().equals(until)) {
                sink.commit();
                position = applied;
                return;
            }
        }
    }

    private void start() throws SQLException {
        int colon = position.lastIndexOf(':');
        String[] endpoint = endpoint(source.url());
        client = new BinaryLogClient(endpoint[0], Integer.parseInt(endpoint[1]), user(), password());
        // a replica's server id must be unique among the source's replicas
        client.setServerId(100_000 + ThreadLocalRandom.current().nextInt(1_000_000));
        client.setBinlogFilename(position.substring(0, colon));
        client.setBinlogPosition(Long.parseLong(position.substring(colon + 1)));
        client.setKeepAlive(false);
        EventDeserializer deserializer = new EventDeserializer();
        deserializer.setCompatibilityMode(EventDeserializer.CompatibilityMode.DATE_AND_TIME_AS_LONG_MICRO,
                EventDeserializer.CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY);
        client.setEventDeserializer(deserializer);
        client.registerEventListener(this::onEvent);
        client.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
            @Override
            public void onCommunicationFailure(BinaryLogClient c, Exception e) {
                failure = e;
            }

            @Override
            public void onEventDeserializationFailure(BinaryLogClient c, Exception e) {
                failure = e;
            }
        });
        try {
            client.connect(TimeUnit.SECONDS.toMillis(30));
        } catch (IOException | TimeoutException e) {
            throw new SQLException("cannot read the binary log of shard " + source.name() + " from " + position + ": " + e.getMessage()
                    + " (the user needs REPLICATION SLAVE and the log must still hold that position)", "08001", e);
        }
    }

    /** On the client's thread: passes on the changes of the moving tables, the markers and every commit. */
    private void onEvent(Event event) {
        EventData data = event.getData();
        if (data instanceof TableMapEventData t) {
            if (database.equals(t.getDatabase()) && shapes.containsKey(t.getTable().toLowerCase(java.util.Locale.ROOT))) {
                tablesById.put(t.getTableId(), t.getTable().toLowerCase(java.util.Locale.ROOT));
            } else {
                tablesById.remove(t.getTableId());
            }
        } else if (data instanceof WriteRowsEventData w) {
            for (Serializable[] row : w.getRows()) changed(w.getTableId(), null, row);
        } else if (data instanceof UpdateRowsEventData u) {
            for (Map.Entry<Serializable[], Serializable[]> row : u.getRows()) changed(u.getTableId(), row.getKey(), row.getValue());
        } else if (data instanceof DeleteRowsEventData d) {
            for (Serializable[] row : d.getRows()) changed(d.getTableId(), row, null);
        } else if (data instanceof XidEventData) {
            put(new Commit(client.getBinlogFilename() + ":" + ((EventHeaderV4) event.getHeader()).getNextPosition()));
        }
    }

    private void changed(long tableId, Serializable[] before, Serializable[] after) {
        String table = tablesById.get(tableId);
        if (table == null) return;
        MyValues shape = shapes.get(table);
        Object[] old = before == null ? null : shape.row(before);
        Object[] now = after == null ? null : shape.row(after);
        if (table.equals(MARKER_TABLE)) {
            if (now != null) put(new Marker(String.valueOf(now[0]), String.valueOf(now[1])));
            return;
        }
        if (old != null && now != null && sameKey(table, old, now)) old = null; // an update that kept the key needs only the new row
        put(new RowChange(table, shape.columns(), old, now));
    }

    private boolean sameKey(String table, Object[] a, Object[] b) {
        MyValues shape = shapes.get(table);
        for (String k : keys.get(table)) {
            int i = shape.columns().indexOf(k);
            if (!java.util.Objects.deepEquals(a[i], b[i])) return false;
        }
        return true;
    }

    /** Blocks while the reader is behind (bounded memory), until the capture is closed. */
    private void put(Object item) {
        try {
            while (!closed && !queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                // the engine is applying; wait for room
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        if (client != null) {
            try {
                client.disconnect();
            } catch (IOException ignored) {
                // the socket is gone either way
            }
        }
        client = null;
        queue.clear();
    }

    /** Nothing stays on the source but the move's marker row, which goes. */
    @Override
    public void drop(Connection admin) throws SQLException {
        close();
        boolean autoCommit = admin.getAutoCommit();
        admin.setAutoCommit(true);
        try (Statement st = admin.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() "
                     + "AND table_name = '" + MARKER_TABLE + "'")) {
            rs.next();
            if (rs.getInt(1) > 0) {
                try (PreparedStatement ps = admin.prepareStatement("DELETE FROM " + MARKER_TABLE + " WHERE move_id = ?")) {
                    ps.setString(1, moveId);
                    ps.executeUpdate();
                }
            }
        } finally {
            admin.setAutoCommit(autoCommit);
        }
    }

    /** Host and port of a {@code jdbc:mysql://host[:port]/db} or {@code jdbc:mariadb://...} URL (the first host). */
    static String[] endpoint(String url) {
        int start = url.indexOf("//") + 2;
        int end = start;
        while (end < url.length() && "/?,".indexOf(url.charAt(end)) < 0) end++;
        String hostPort = url.substring(start, end);
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0 || hostPort.endsWith("]")) return new String[] {hostPort, "3306"};
        return new String[] {hostPort.substring(0, colon), hostPort.substring(colon + 1)};
    }

    private String user() {
        if (source.username() != null) return source.username();
        String p = source.properties().getOrDefault("user", urlParameter("user"));
        return p == null ? "root" : p;
    }

    private String password() {
        if (source.password() != null) return source.password();
        String p = source.properties().getOrDefault("password", urlParameter("password"));
        return p == null ? "" : p;
    }

    private String urlParameter(String name) {
        String url = source.url();
        int q = url.indexOf('?');
        if (q < 0) return null;
        return Arrays.stream(url.substring(q + 1).split("&")).filter(kv -> kv.startsWith(name + "="))
                .map(kv -> java.net.URLDecoder.decode(kv.substring(name.length() + 1), java.nio.charset.StandardCharsets.UTF_8))
                .findFirst().orElse(null);
    }
}
