package io.shardjdbc.jdbc;

import io.shardjdbc.errors.ShardErrors;
import io.shardjdbc.merge.ConcatCursor;
import io.shardjdbc.merge.ReadOnlyResultSet;
import io.shardjdbc.merge.ShardCursor;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * The logical result set: the rows of one or more shard result sets, read one shard after the other
 * (see {@link ConcatCursor}). Every getter goes straight to the physical result set holding the
 * current row, so reading a value costs one extra call and no allocation. Forward-only and
 * read-only; {@link #getStatement()} is the logical statement.
 */
@SuppressWarnings("deprecation")
public final class ShardResultSet extends ReadOnlyResultSet {
    private final Statement statement;
    private final ShardCursor cursor;
    private final Runnable onClose;
    // the physical result set of the current row; refreshed by next() only, so getters stay one hop
    private ResultSet cur;
    private boolean closed;

    /**
     * @param statement the logical statement that produced the rows (null for metadata results)
     * @param cursor    the shard results
     * @param onClose   told when this result set closes (closeOnCompletion), may be null
     */
    public ShardResultSet(Statement statement, ShardCursor cursor, Runnable onClose) {
        this.statement = statement;
        this.cursor = cursor;
        this.onClose = onClose;
        this.cur = cursor.current();
    }

    @Override
    public boolean next() throws SQLException {
        if (closed) throw closedError();
        try {
            boolean has = cursor.next();
            cur = cursor.current();
            return has;
        } catch (SQLException e) {
            throw ShardErrors.fromShard(cursor.currentShard(), e);
        }
    }

    @Override
    public void close() throws SQLException {
        if (closed) return;
        closed = true;
        try {
            cursor.close();
        } finally {
            if (onClose != null) onClose.run();
        }
    }

    @Override public boolean isClosed() { return closed; }

    @Override public boolean wasNull() throws SQLException { return cur.wasNull(); }

    @Override public Statement getStatement() { return statement; }

    /** Every shard returns the same columns; the current shard's result (still open) describes them. */
    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        ResultSetMetaData md = cur.getMetaData();
        return md == null ? null : new ShardResultSetMetaData(md, cursor.hiddenColumns());
    }

    @Override public int findColumn(String columnLabel) throws SQLException { return cur.findColumn(columnLabel); }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        SQLWarning first = null;
        for (ResultSet rs : cursor.parts()) {
            if (rs.isClosed()) continue;
            SQLWarning w = rs.getWarnings();
            if (w == null) continue;
            if (first == null) first = w; else first.setNextWarning(w);
        }
        return first;
    }

    @Override
    public void clearWarnings() throws SQLException {
        for (ResultSet rs : cursor.parts()) if (!rs.isClosed()) rs.clearWarnings();
    }

    @Override public String getCursorName() throws SQLException { return cur.getCursorName(); }

    // ---- position

    @Override public boolean isBeforeFirst() throws SQLException { return cursor.isBeforeFirst(); }

    @Override public boolean isAfterLast() { return cursor.isAfterLast(); }

    @Override public boolean isFirst() { return cursor.row() == 1; }

    @Override public boolean isLast() throws SQLException { return cursor.isLast(); }

    @Override public int getRow() { return (int) Math.min(Integer.MAX_VALUE, cursor.row()); }










    @Override
    public void setFetchSize(int rows) throws SQLException {
        if (rows < 0) throw new SQLException("fetch size must be >= 0, not " + rows, "22023");
        for (ResultSet rs : cursor.parts()) if (!rs.isClosed()) rs.setFetchSize(rows);
    }

    @Override public int getFetchSize() throws SQLException { return cur.getFetchSize(); }



    @Override public int getHoldability() throws SQLException { return cur.getHoldability(); }

    // ---- changes: read-only










    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) return iface.cast(this);
        if (iface.isInstance(cur)) return iface.cast(cur);
        return cur.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || iface.isInstance(cur) || cur.isWrapperFor(iface);
    }



    private static SQLException closedError() {
        return new SQLException("the result set is closed", "24000");
    }

    // ---- getters: the current row's physical result set answers

    @Override public String getString(int columnIndex) throws SQLException { return cur.getString(columnIndex); }
    @Override public boolean getBoolean(int columnIndex) throws SQLException { return cur.getBoolean(columnIndex); }
    @Override public byte getByte(int columnIndex) throws SQLException { return cur.getByte(columnIndex); }
    @Override public short getShort(int columnIndex) throws SQLException { return cur.getShort(columnIndex); }
    @Override public int getInt(int columnIndex) throws SQLException { return cur.getInt(columnIndex); }
    @Override public long getLong(int columnIndex) throws SQLException { return cur.getLong(columnIndex); }
    @Override public float getFloat(int columnIndex) throws SQLException { return cur.getFloat(columnIndex); }
    @Override public double getDouble(int columnIndex) throws SQLException { return cur.getDouble(columnIndex); }
    @Override public BigDecimal getBigDecimal(int columnIndex, int x) throws SQLException { return cur.getBigDecimal(columnIndex, x); }
    @Override public byte[] getBytes(int columnIndex) throws SQLException { return cur.getBytes(columnIndex); }
    @Override public Date getDate(int columnIndex) throws SQLException { return cur.getDate(columnIndex); }
    @Override public Time getTime(int columnIndex) throws SQLException { return cur.getTime(columnIndex); }
    @Override public Timestamp getTimestamp(int columnIndex) throws SQLException { return cur.getTimestamp(columnIndex); }
    @Override public InputStream getAsciiStream(int columnIndex) throws SQLException { return cur.getAsciiStream(columnIndex); }
    @Override public InputStream getUnicodeStream(int columnIndex) throws SQLException { return cur.getUnicodeStream(columnIndex); }
    @Override public InputStream getBinaryStream(int columnIndex) throws SQLException { return cur.getBinaryStream(columnIndex); }
    @Override public String getString(String columnLabel) throws SQLException { return cur.getString(columnLabel); }
    @Override public boolean getBoolean(String columnLabel) throws SQLException { return cur.getBoolean(columnLabel); }
    @Override public byte getByte(String columnLabel) throws SQLException { return cur.getByte(columnLabel); }
    @Override public short getShort(String columnLabel) throws SQLException { return cur.getShort(columnLabel); }
    @Override public int getInt(String columnLabel) throws SQLException { return cur.getInt(columnLabel); }
    @Override public long getLong(String columnLabel) throws SQLException { return cur.getLong(columnLabel); }
    @Override public float getFloat(String columnLabel) throws SQLException { return cur.getFloat(columnLabel); }
    @Override public double getDouble(String columnLabel) throws SQLException { return cur.getDouble(columnLabel); }
    @Override public BigDecimal getBigDecimal(String columnLabel, int x) throws SQLException { return cur.getBigDecimal(columnLabel, x); }
    @Override public byte[] getBytes(String columnLabel) throws SQLException { return cur.getBytes(columnLabel); }
    @Override public Date getDate(String columnLabel) throws SQLException { return cur.getDate(columnLabel); }
    @Override public Time getTime(String columnLabel) throws SQLException { return cur.getTime(columnLabel); }
    @Override public Timestamp getTimestamp(String columnLabel) throws SQLException { return cur.getTimestamp(columnLabel); }
    @Override public InputStream getAsciiStream(String columnLabel) throws SQLException { return cur.getAsciiStream(columnLabel); }
    @Override public InputStream getUnicodeStream(String columnLabel) throws SQLException { return cur.getUnicodeStream(columnLabel); }
    @Override public InputStream getBinaryStream(String columnLabel) throws SQLException { return cur.getBinaryStream(columnLabel); }
    @Override public Object getObject(int columnIndex) throws SQLException { return cur.getObject(columnIndex); }
    @Override public Object getObject(String columnLabel) throws SQLException { return cur.getObject(columnLabel); }
    @Override public Reader getCharacterStream(int columnIndex) throws SQLException { return cur.getCharacterStream(columnIndex); }
    @Override public Reader getCharacterStream(String columnLabel) throws SQLException { return cur.getCharacterStream(columnLabel); }
    @Override public BigDecimal getBigDecimal(int columnIndex) throws SQLException { return cur.getBigDecimal(columnIndex); }
    @Override public BigDecimal getBigDecimal(String columnLabel) throws SQLException { return cur.getBigDecimal(columnLabel); }
    @Override public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException { return cur.getObject(columnIndex, map); }
    @Override public Ref getRef(int columnIndex) throws SQLException { return cur.getRef(columnIndex); }
    @Override public Blob getBlob(int columnIndex) throws SQLException { return cur.getBlob(columnIndex); }
    @Override public Clob getClob(int columnIndex) throws SQLException { return cur.getClob(columnIndex); }
    @Override public Array getArray(int columnIndex) throws SQLException { return cur.getArray(columnIndex); }
    @Override public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException { return cur.getObject(columnLabel, map); }
    @Override public Ref getRef(String columnLabel) throws SQLException { return cur.getRef(columnLabel); }
    @Override public Blob getBlob(String columnLabel) throws SQLException { return cur.getBlob(columnLabel); }
    @Override public Clob getClob(String columnLabel) throws SQLException { return cur.getClob(columnLabel); }
    @Override public Array getArray(String columnLabel) throws SQLException { return cur.getArray(columnLabel); }
    @Override public Date getDate(int columnIndex, Calendar x) throws SQLException { return cur.getDate(columnIndex, x); }
    @Override public Date getDate(String columnLabel, Calendar x) throws SQLException { return cur.getDate(columnLabel, x); }
    @Override public Time getTime(int columnIndex, Calendar x) throws SQLException { return cur.getTime(columnIndex, x); }
    @Override public Time getTime(String columnLabel, Calendar x) throws SQLException { return cur.getTime(columnLabel, x); }
    @Override public Timestamp getTimestamp(int columnIndex, Calendar x) throws SQLException { return cur.getTimestamp(columnIndex, x); }
    @Override public Timestamp getTimestamp(String columnLabel, Calendar x) throws SQLException { return cur.getTimestamp(columnLabel, x); }
    @Override public URL getURL(int columnIndex) throws SQLException { return cur.getURL(columnIndex); }
    @Override public URL getURL(String columnLabel) throws SQLException { return cur.getURL(columnLabel); }
    @Override public RowId getRowId(int columnIndex) throws SQLException { return cur.getRowId(columnIndex); }
    @Override public RowId getRowId(String columnLabel) throws SQLException { return cur.getRowId(columnLabel); }
    @Override public NClob getNClob(int columnIndex) throws SQLException { return cur.getNClob(columnIndex); }
    @Override public NClob getNClob(String columnLabel) throws SQLException { return cur.getNClob(columnLabel); }
    @Override public SQLXML getSQLXML(int columnIndex) throws SQLException { return cur.getSQLXML(columnIndex); }
    @Override public SQLXML getSQLXML(String columnLabel) throws SQLException { return cur.getSQLXML(columnLabel); }
    @Override public String getNString(int columnIndex) throws SQLException { return cur.getNString(columnIndex); }
    @Override public String getNString(String columnLabel) throws SQLException { return cur.getNString(columnLabel); }
    @Override public Reader getNCharacterStream(int columnIndex) throws SQLException { return cur.getNCharacterStream(columnIndex); }
    @Override public Reader getNCharacterStream(String columnLabel) throws SQLException { return cur.getNCharacterStream(columnLabel); }
    @Override public <T> T getObject(int columnIndex, Class<T> x) throws SQLException { return cur.getObject(columnIndex, x); }
    @Override public <T> T getObject(String columnLabel, Class<T> x) throws SQLException { return cur.getObject(columnLabel, x); }

    // ---- updaters: read-only

}
