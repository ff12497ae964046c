package io.shardjdbc.merge;

import io.shardjdbc.sql.Refusals;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URL;
import java.nio.charset.StandardCharsets;
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
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A forward-only, read-only result set over rows the merge computed (aggregates, groups). Values
 * convert to what each getter promises (see {@link Values}); the columns are described by the
 * shards' own metadata, so names and types are those the unsharded query would report.
 */
@SuppressWarnings("deprecation")
public final class RowsResultSet extends ReadOnlyResultSet {
    private final ResultSetMetaData metaData;
    private final Iterator<Object[]> rows;
    private final RowSource source;
    private final int columns;
    private final int size;
    private Object[] peeked;
    private boolean ended;
    private Object[] row;
    private int rowNumber;
    private boolean lastWasNull;
    private boolean closed;

    /**
     * @param shardMetaData a shard result's metadata (only the first {@code columns} are visible); copied
     *                      unless it is a {@link MetaDataSnapshot} of those columns already
     * @param columns       number of visible columns
     * @param rows          the rows, each with at least {@code columns} values
     */
    public RowsResultSet(ResultSetMetaData shardMetaData, int columns, List<Object[]> rows) throws SQLException {
        this.metaData = MetaDataSnapshot.of(shardMetaData, columns);
        this.columns = columns;
        this.rows = rows.iterator();
        this.source = null;
        this.size = rows.size();
    }

    /**
     * Rows produced one at a time (streamed, their number unknown ahead), described by a metadata
     * snapshot ({@link #snapshot}); the source is closed at the end or when this result set closes.
     */
    public RowsResultSet(ResultSetMetaData metaData, int columns, RowSource source) {
        this.metaData = metaData;
        this.columns = columns;
        this.rows = null;
        this.source = source;
        this.size = -1;
    }

    /** A copy of the first {@code columns} columns of a result's metadata, independent of that result. */
    public static ResultSetMetaData snapshot(ResultSetMetaData md, int columns) throws SQLException {
        return MetaDataSnapshot.of(md, columns);
    }

    /** The next streamed row without consuming it, or null at the end. */
    private Object[] peek() throws SQLException {
        if (peeked == null && !ended) {
            peeked = source.next();
            if (peeked == null) end();
        }
        return peeked;
    }

    private void end() {
        if (!ended) {
            ended = true;
            source.close();
        }
    }

    private Object value(int column) throws SQLException {
        if (closed) throw new SQLException("the result set is closed", "24000");
        if (row == null) throw new SQLException("no current row: call next() first", "24000");
        if (column < 1 || column > columns) {
            throw new SQLException("column index " + column + " is out of range 1.." + columns, "22023");
        }
        Object v = row[column - 1];
        lastWasNull = v == null;
        return v;
    }

    @Override
    public boolean next() throws SQLException {
        if (closed) throw new SQLException("the result set is closed", "24000");
        if (source != null) {
            Object[] r = peek();
            peeked = null;
            row = r;
            rowNumber++;
            return r != null;
        }
        if (rows.hasNext()) {
            row = rows.next();
            rowNumber++;
            return true;
        }
        row = null;
        rowNumber = size + 1;
        return false;
    }

    @Override
    public void close() {
        closed = true;
        if (source != null) end();
    }

    @Override public boolean isClosed() { return closed; }
    @Override public boolean wasNull() { return lastWasNull; }
    @Override public ResultSetMetaData getMetaData() { return metaData; }

    @Override
    public int findColumn(String label) throws SQLException {
        for (int i = 1; i <= columns; i++) if (metaData.getColumnLabel(i).equalsIgnoreCase(label)) return i;
        throw new SQLException("no column labelled '" + label + "' in this result", "42703");
    }

    @Override public String getString(int i) throws SQLException { return Values.string(value(i)); }
    @Override public boolean getBoolean(int i) throws SQLException { return Values.bool(value(i)); }
    @Override public byte getByte(int i) throws SQLException { return (byte) Values.integral(value(i), Byte.MIN_VALUE, Byte.MAX_VALUE, "byte"); }
    @Override public short getShort(int i) throws SQLException { return (short) Values.integral(value(i), Short.MIN_VALUE, Short.MAX_VALUE, "short"); }
    @Override public int getInt(int i) throws SQLException { return (int) Values.integral(value(i), Integer.MIN_VALUE, Integer.MAX_VALUE, "int"); }
    @Override public long getLong(int i) throws SQLException { return Values.integral(value(i), Long.MIN_VALUE, Long.MAX_VALUE, "long"); }
    @Override public float getFloat(int i) throws SQLException { return (float) Values.floating(value(i)); }
    @Override public double getDouble(int i) throws SQLException { return Values.floating(value(i)); }
    @Override public BigDecimal getBigDecimal(int i) throws SQLException { return Values.decimal(value(i)); }
    @Override
    public BigDecimal getBigDecimal(int i, int scale) throws SQLException {
        BigDecimal d = Values.decimal(value(i));
        return d == null ? null : d.setScale(scale, RoundingMode.HALF_UP);
    }
    @Override public byte[] getBytes(int i) throws SQLException { return Values.bytes(value(i)); }
    @Override public Date getDate(int i) throws SQLException { return Values.date(value(i)); }
    @Override public Time getTime(int i) throws SQLException { return Values.time(value(i)); }
    @Override public Timestamp getTimestamp(int i) throws SQLException { return Values.timestamp(value(i)); }
    @Override public Date getDate(int i, Calendar c) throws SQLException { return getDate(i); }
    @Override public Time getTime(int i, Calendar c) throws SQLException { return getTime(i); }
    @Override public Timestamp getTimestamp(int i, Calendar c) throws SQLException { return getTimestamp(i); }
    @Override public Object getObject(int i) throws SQLException { return value(i); }
    @Override public <T> T getObject(int i, Class<T> type) throws SQLException { return Values.as(value(i), type); }
    @Override public Object getObject(int i, Map<String, Class<?>> map) throws SQLException { return value(i); }
    @Override public String getNString(int i) throws SQLException { return getString(i); }
    @Override
    public InputStream getAsciiStream(int i) throws SQLException {
        String s = getString(i);
        return s == null ? null : new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
    }
    @Override public InputStream getUnicodeStream(int i) throws SQLException { return getAsciiStream(i); }
    @Override
    public InputStream getBinaryStream(int i) throws SQLException {
        byte[] b = getBytes(i);
        return b == null ? null : new ByteArrayInputStream(b);
    }
    @Override
    public Reader getCharacterStream(int i) throws SQLException {
        String s = getString(i);
        return s == null ? null : new StringReader(s);
    }
    @Override public Reader getNCharacterStream(int i) throws SQLException { return getCharacterStream(i); }

    @Override public String getString(String l) throws SQLException { return getString(findColumn(l)); }
    @Override public boolean getBoolean(String l) throws SQLException { return getBoolean(findColumn(l)); }
    @Override public byte getByte(String l) throws SQLException { return getByte(findColumn(l)); }
    @Override public short getShort(String l) throws SQLException { return getShort(findColumn(l)); }
    @Override public int getInt(String l) throws SQLException { return getInt(findColumn(l)); }
    @Override public long getLong(String l) throws SQLException { return getLong(findColumn(l)); }
    @Override public float getFloat(String l) throws SQLException { return getFloat(findColumn(l)); }
    @Override public double getDouble(String l) throws SQLException { return getDouble(findColumn(l)); }
    @Override public BigDecimal getBigDecimal(String l) throws SQLException { return getBigDecimal(findColumn(l)); }
    @Override public BigDecimal getBigDecimal(String l, int scale) throws SQLException { return getBigDecimal(findColumn(l), scale); }
    @Override public byte[] getBytes(String l) throws SQLException { return getBytes(findColumn(l)); }
    @Override public Date getDate(String l) throws SQLException { return getDate(findColumn(l)); }
    @Override public Time getTime(String l) throws SQLException { return getTime(findColumn(l)); }
    @Override public Timestamp getTimestamp(String l) throws SQLException { return getTimestamp(findColumn(l)); }
    @Override public Date getDate(String l, Calendar c) throws SQLException { return getDate(findColumn(l)); }
    @Override public Time getTime(String l, Calendar c) throws SQLException { return getTime(findColumn(l)); }
    @Override public Timestamp getTimestamp(String l, Calendar c) throws SQLException { return getTimestamp(findColumn(l)); }
    @Override public Object getObject(String l) throws SQLException { return getObject(findColumn(l)); }
    @Override public <T> T getObject(String l, Class<T> type) throws SQLException { return getObject(findColumn(l), type); }
    @Override public Object getObject(String l, Map<String, Class<?>> map) throws SQLException { return getObject(findColumn(l)); }
    @Override public String getNString(String l) throws SQLException { return getString(findColumn(l)); }
    @Override public InputStream getAsciiStream(String l) throws SQLException { return getAsciiStream(findColumn(l)); }
    @Override public InputStream getUnicodeStream(String l) throws SQLException { return getAsciiStream(findColumn(l)); }
    @Override public InputStream getBinaryStream(String l) throws SQLException { return getBinaryStream(findColumn(l)); }
    @Override public Reader getCharacterStream(String l) throws SQLException { return getCharacterStream(findColumn(l)); }
    @Override public Reader getNCharacterStream(String l) throws SQLException { return getCharacterStream(findColumn(l)); }

    // ---- position: forward only
    @Override
    public boolean isBeforeFirst() throws SQLException {
        if (source != null) return rowNumber == 0 && peek() != null;
        return rowNumber == 0 && size > 0;
    }

    @Override
    public boolean isAfterLast() {
        if (source != null) return ended && row == null && rowNumber > 1;
        return rowNumber > size && size > 0;
    }

    @Override public boolean isFirst() { return rowNumber == 1 && row != null; }

    @Override
    public boolean isLast() throws SQLException {
        if (source != null) return row != null && peek() == null;
        return rowNumber == size && size > 0;
    }
    @Override public int getRow() { return row == null ? 0 : rowNumber; }
    @Override public int getHoldability() { return HOLD_CURSORS_OVER_COMMIT; }
    @Override public void setFetchSize(int rows) { }
    @Override public int getFetchSize() { return 0; }
    @Override public SQLWarning getWarnings() { return null; }
    @Override public void clearWarnings() { }
    @Override public String getCursorName() throws SQLException { throw unsupported("getCursorName"); }
    @Override public Statement getStatement() { return null; }


    private static SQLException unsupported(String what) {
        return new SQLFeatureNotSupportedException(what + " is not supported on a merged result", Refusals.SQL_STATE);
    }

    // ---- unsupported on computed rows: large objects, refs, updates
    @Override public Ref getRef(int i) throws SQLException { throw unsupported("getRef"); }
    @Override public Blob getBlob(int i) throws SQLException { throw unsupported("getBlob"); }
    @Override public Clob getClob(int i) throws SQLException { throw unsupported("getClob"); }
    @Override public Array getArray(int i) throws SQLException { throw unsupported("getArray"); }
    @Override public URL getURL(int i) throws SQLException { throw unsupported("getURL"); }
    @Override public RowId getRowId(int i) throws SQLException { throw unsupported("getRowId"); }
    @Override public NClob getNClob(int i) throws SQLException { throw unsupported("getNClob"); }
    @Override public SQLXML getSQLXML(int i) throws SQLException { throw unsupported("getSQLXML"); }
    @Override public Ref getRef(String l) throws SQLException { throw unsupported("getRef"); }
    @Override public Blob getBlob(String l) throws SQLException { throw unsupported("getBlob"); }
    @Override public Clob getClob(String l) throws SQLException { throw unsupported("getClob"); }
    @Override public Array getArray(String l) throws SQLException { throw unsupported("getArray"); }
    @Override public URL getURL(String l) throws SQLException { throw unsupported("getURL"); }
    @Override public RowId getRowId(String l) throws SQLException { throw unsupported("getRowId"); }
    @Override public NClob getNClob(String l) throws SQLException { throw unsupported("getNClob"); }
    @Override public SQLXML getSQLXML(String l) throws SQLException { throw unsupported("getSQLXML"); }


    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) return iface.cast(this);
        throw new SQLException("not a wrapper for " + iface.getName(), "HY000");
    }

    @Override public boolean isWrapperFor(Class<?> iface) { return iface.isInstance(this); }
}
