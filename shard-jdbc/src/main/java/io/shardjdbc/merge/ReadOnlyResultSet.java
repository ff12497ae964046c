package io.shardjdbc.merge;

import io.shardjdbc.sql.Refusals;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;

/**
 * What every shard-jdbc result set is: forward-only and read-only. Moving backwards or updating
 * rows fails with a message that says so; subclasses provide reading.
 */
public abstract class ReadOnlyResultSet implements ResultSet {
    /** The error of a move a forward-only result set cannot make. */
    protected static SQLException forwardOnly(String what) {
        return new SQLException(what + ": shard-jdbc result sets are TYPE_FORWARD_ONLY", "24000");
    }

    /** The error of an update a read-only result set cannot make. */
    protected static SQLException readOnly() {
        return new SQLFeatureNotSupportedException("shard-jdbc result sets are CONCUR_READ_ONLY: use UPDATE/INSERT/DELETE statements", Refusals.SQL_STATE);
    }

    @Override public int getType() { return TYPE_FORWARD_ONLY; }
    @Override public int getConcurrency() { return CONCUR_READ_ONLY; }
    @Override public int getFetchDirection() { return FETCH_FORWARD; }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        if (direction != FETCH_FORWARD) throw forwardOnly("setFetchDirection(" + direction + ")");
    }

    @Override public void beforeFirst() throws SQLException { throw forwardOnly("beforeFirst"); }
    @Override public void afterLast() throws SQLException { throw forwardOnly("afterLast"); }
    @Override public boolean first() throws SQLException { throw forwardOnly("first"); }
    @Override public boolean last() throws SQLException { throw forwardOnly("last"); }
    @Override public boolean absolute(int row) throws SQLException { throw forwardOnly("absolute"); }
    @Override public boolean relative(int rows) throws SQLException { throw forwardOnly("relative"); }
    @Override public boolean previous() throws SQLException { throw forwardOnly("previous"); }

    @Override public boolean rowUpdated() { return false; }
    @Override public boolean rowInserted() { return false; }
    @Override public boolean rowDeleted() { return false; }
    @Override public void insertRow() throws SQLException { throw readOnly(); }
    @Override public void updateRow() throws SQLException { throw readOnly(); }
    @Override public void deleteRow() throws SQLException { throw readOnly(); }
    @Override public void refreshRow() throws SQLException { throw readOnly(); }
    @Override public void cancelRowUpdates() throws SQLException { throw readOnly(); }
    @Override public void moveToInsertRow() throws SQLException { throw readOnly(); }
    @Override public void moveToCurrentRow() throws SQLException { throw readOnly(); }

    @Override public void updateNull(int i) throws SQLException { throw readOnly(); }
    @Override public void updateBoolean(int i, boolean x) throws SQLException { throw readOnly(); }
    @Override public void updateByte(int i, byte x) throws SQLException { throw readOnly(); }
    @Override public void updateShort(int i, short x) throws SQLException { throw readOnly(); }
    @Override public void updateInt(int i, int x) throws SQLException { throw readOnly(); }
    @Override public void updateLong(int i, long x) throws SQLException { throw readOnly(); }
    @Override public void updateFloat(int i, float x) throws SQLException { throw readOnly(); }
    @Override public void updateDouble(int i, double x) throws SQLException { throw readOnly(); }
    @Override public void updateBigDecimal(int i, BigDecimal x) throws SQLException { throw readOnly(); }
    @Override public void updateString(int i, String x) throws SQLException { throw readOnly(); }
    @Override public void updateBytes(int i, byte[] x) throws SQLException { throw readOnly(); }
    @Override public void updateDate(int i, Date x) throws SQLException { throw readOnly(); }
    @Override public void updateTime(int i, Time x) throws SQLException { throw readOnly(); }
    @Override public void updateTimestamp(int i, Timestamp x) throws SQLException { throw readOnly(); }
    @Override public void updateAsciiStream(int i, InputStream x, int length) throws SQLException { throw readOnly(); }
    @Override public void updateBinaryStream(int i, InputStream x, int length) throws SQLException { throw readOnly(); }
    @Override public void updateCharacterStream(int i, Reader x, int length) throws SQLException { throw readOnly(); }
    @Override public void updateObject(int i, Object x, int scaleOrLength) throws SQLException { throw readOnly(); }
    @Override public void updateObject(int i, Object x) throws SQLException { throw readOnly(); }
    @Override public void updateNull(String l) throws SQLException { throw readOnly(); }
    @Override public void updateBoolean(String l, boolean x) throws SQLException { throw readOnly(); }
    @Override public void updateByte(String l, byte x) throws SQLException { throw readOnly(); }
    @Override public void updateShort(String l, short x) throws SQLException { throw readOnly(); }
    @Override public void updateInt(String l, int x) throws SQLException { throw readOnly(); }
    @Override public void updateLong(String l, long x) throws SQLException { throw readOnly(); }
    @Override public void updateFloat(String l, float x) throws SQLException { throw readOnly(); }
    @Override public void updateDouble(String l, double x) throws SQLException { throw readOnly(); }
    @Override public void updateBigDecimal(String l, BigDecimal x) throws SQLException { throw readOnly(); }
    @Override public void updateString(String l, String x) throws SQLException { throw readOnly(); }
    @Override public void updateBytes(String l, byte[] x) throws SQLException { throw readOnly(); }
    @Override public void updateDate(String l, Date x) throws SQLException { throw readOnly(); }
    @Override public void updateTime(String l, Time x) throws SQLException { throw readOnly(); }
    @Override public void updateTimestamp(String l, Timestamp x) throws SQLException { throw readOnly(); }
    @Override public void updateAsciiStream(String l, InputStream x, int length) throws SQLException { throw readOnly(); }
    @Override public void updateBinaryStream(String l, InputStream x, int length) throws SQLException { throw readOnly(); }
    @Override public void updateCharacterStream(String l, Reader x, int length) throws SQLException { throw readOnly(); }
    @Override public void updateObject(String l, Object x, int scaleOrLength) throws SQLException { throw readOnly(); }
    @Override public void updateObject(String l, Object x) throws SQLException { throw readOnly(); }
    @Override public void updateRef(int i, Ref x) throws SQLException { throw readOnly(); }
    @Override public void updateRef(String l, Ref x) throws SQLException { throw readOnly(); }
    @Override public void updateBlob(int i, Blob x) throws SQLException { throw readOnly(); }
    @Override public void updateBlob(String l, Blob x) throws SQLException { throw readOnly(); }
    @Override public void updateClob(int i, Clob x) throws SQLException { throw readOnly(); }
    @Override public void updateClob(String l, Clob x) throws SQLException { throw readOnly(); }
    @Override public void updateArray(int i, Array x) throws SQLException { throw readOnly(); }
    @Override public void updateArray(String l, Array x) throws SQLException { throw readOnly(); }
    @Override public void updateRowId(int i, RowId x) throws SQLException { throw readOnly(); }
    @Override public void updateRowId(String l, RowId x) throws SQLException { throw readOnly(); }
    @Override public void updateNString(int i, String x) throws SQLException { throw readOnly(); }
    @Override public void updateNString(String l, String x) throws SQLException { throw readOnly(); }
    @Override public void updateNClob(int i, NClob x) throws SQLException { throw readOnly(); }
    @Override public void updateNClob(String l, NClob x) throws SQLException { throw readOnly(); }
    @Override public void updateSQLXML(int i, SQLXML x) throws SQLException { throw readOnly(); }
    @Override public void updateSQLXML(String l, SQLXML x) throws SQLException { throw readOnly(); }
    @Override public void updateNCharacterStream(int i, Reader x, long length) throws SQLException { throw readOnly(); }
    @Override public void updateNCharacterStream(String l, Reader x, long length) throws SQLException { throw readOnly(); }
    @Override public void updateAsciiStream(int i, InputStream x, long length) throws SQLException { throw readOnly(); }
    @Override public void updateBinaryStream(int i, InputStream x, long length) throws SQLException { throw readOnly(); }
    @Override public void updateCharacterStream(int i, Reader x, long length) throws SQLException { throw readOnly(); }
    @Override public void updateAsciiStream(String l, InputStream x, long length) throws SQLException { throw readOnly(); }
    @Override public void updateBinaryStream(String l, InputStream x, long length) throws SQLException { throw readOnly(); }
    @Override public void updateCharacterStream(String l, Reader x, long length) throws SQLException { throw readOnly(); }
    @Override public void updateBlob(int i, InputStream x, long length) throws SQLException { throw readOnly(); }
    @Override public void updateBlob(String l, InputStream x, long length) throws SQLException { throw readOnly(); }
    @Override public void updateClob(int i, Reader x, long length) throws SQLException { throw readOnly(); }
    @Override public void updateClob(String l, Reader x, long length) throws SQLException { throw readOnly(); }
    @Override public void updateNClob(int i, Reader x, long length) throws SQLException { throw readOnly(); }
    @Override public void updateNClob(String l, Reader x, long length) throws SQLException { throw readOnly(); }
    @Override public void updateNCharacterStream(int i, Reader x) throws SQLException { throw readOnly(); }
    @Override public void updateNCharacterStream(String l, Reader x) throws SQLException { throw readOnly(); }
    @Override public void updateAsciiStream(int i, InputStream x) throws SQLException { throw readOnly(); }
    @Override public void updateBinaryStream(int i, InputStream x) throws SQLException { throw readOnly(); }
    @Override public void updateCharacterStream(int i, Reader x) throws SQLException { throw readOnly(); }
    @Override public void updateAsciiStream(String l, InputStream x) throws SQLException { throw readOnly(); }
    @Override public void updateBinaryStream(String l, InputStream x) throws SQLException { throw readOnly(); }
    @Override public void updateCharacterStream(String l, Reader x) throws SQLException { throw readOnly(); }
    @Override public void updateBlob(int i, InputStream x) throws SQLException { throw readOnly(); }
    @Override public void updateBlob(String l, InputStream x) throws SQLException { throw readOnly(); }
    @Override public void updateClob(int i, Reader x) throws SQLException { throw readOnly(); }
    @Override public void updateClob(String l, Reader x) throws SQLException { throw readOnly(); }
    @Override public void updateNClob(int i, Reader x) throws SQLException { throw readOnly(); }
    @Override public void updateNClob(String l, Reader x) throws SQLException { throw readOnly(); }
}
