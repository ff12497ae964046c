package io.shardjdbc.jdbc;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * Which {@link PreparedStatement} setter the application used for a parameter. The physical
 * statement must receive the value through the same setter (a timestamp with its calendar, an
 * object with its target type, a stream with its length), so the setter is replayed exactly.
 * {@code extra} and {@code number} carry the setter's further arguments.
 */
enum Setter {
    NULL, NULL_TYPE_NAME, BOOLEAN, BYTE, SHORT, INT, LONG, FLOAT, DOUBLE, BIG_DECIMAL, STRING, NSTRING, BYTES,
    DATE, DATE_CALENDAR, TIME, TIME_CALENDAR, TIMESTAMP, TIMESTAMP_CALENDAR,
    OBJECT, OBJECT_TYPE, OBJECT_TYPE_SCALE, OBJECT_SQL_TYPE, OBJECT_SQL_TYPE_SCALE,
    ASCII_STREAM, ASCII_STREAM_INT, ASCII_STREAM_LONG, UNICODE_STREAM,
    BINARY_STREAM, BINARY_STREAM_INT, BINARY_STREAM_LONG,
    CHARACTER_STREAM, CHARACTER_STREAM_INT, CHARACTER_STREAM_LONG, NCHARACTER_STREAM, NCHARACTER_STREAM_LONG,
    BLOB, BLOB_STREAM, BLOB_STREAM_LONG, CLOB, CLOB_READER, CLOB_READER_LONG, NCLOB, NCLOB_READER, NCLOB_READER_LONG,
    REF, ARRAY, URL, ROW_ID, SQLXML;

    /** True for setters whose value is an InputStream, read once by the physical driver. */
    boolean isByteStream() {
        return switch (this) {
            case ASCII_STREAM, ASCII_STREAM_INT, ASCII_STREAM_LONG, UNICODE_STREAM, BINARY_STREAM, BINARY_STREAM_INT,
                 BINARY_STREAM_LONG, BLOB_STREAM, BLOB_STREAM_LONG -> true;
            default -> false;
        };
    }

    /** True for setters whose value is a Reader, read once by the physical driver. */
    boolean isCharStream() {
        return switch (this) {
            case CHARACTER_STREAM, CHARACTER_STREAM_INT, CHARACTER_STREAM_LONG, NCHARACTER_STREAM, NCHARACTER_STREAM_LONG,
                 CLOB_READER, CLOB_READER_LONG, NCLOB_READER, NCLOB_READER_LONG -> true;
            default -> false;
        };
    }

    /** True for setters that carry a length in {@code number}. */
    boolean hasLength() {
        return switch (this) {
            case ASCII_STREAM_INT, ASCII_STREAM_LONG, UNICODE_STREAM, BINARY_STREAM_INT, BINARY_STREAM_LONG, BLOB_STREAM_LONG,
                 CHARACTER_STREAM_INT, CHARACTER_STREAM_LONG, NCHARACTER_STREAM_LONG, CLOB_READER_LONG, NCLOB_READER_LONG -> true;
            default -> false;
        };
    }

    // a stream read into memory (see ParameterSet#materializeStreams) is handed out fresh for every unit
    private static InputStream in(Object v) {
        return v instanceof byte[] b ? new ByteArrayInputStream(b) : (InputStream) v;
    }

    private static Reader reader(Object v) {
        return v instanceof String s ? new StringReader(s) : (Reader) v;
    }

    @SuppressWarnings("deprecation")
    void bind(PreparedStatement ps, int i, Object v, Object extra, long n) throws SQLException {
        switch (this) {
            case NULL -> ps.setNull(i, (int) n);
            case NULL_TYPE_NAME -> ps.setNull(i, (int) n, (String) extra);
            case BOOLEAN -> ps.setBoolean(i, (Boolean) v);
            case BYTE -> ps.setByte(i, (Byte) v);
            case SHORT -> ps.setShort(i, (Short) v);
            case INT -> ps.setInt(i, (Integer) v);
            case LONG -> ps.setLong(i, (Long) v);
            case FLOAT -> ps.setFloat(i, (Float) v);
            case DOUBLE -> ps.setDouble(i, (Double) v);
            case BIG_DECIMAL -> ps.setBigDecimal(i, (BigDecimal) v);
            case STRING -> ps.setString(i, (String) v);
            case NSTRING -> ps.setNString(i, (String) v);
            case BYTES -> ps.setBytes(i, (byte[]) v);
            case DATE -> ps.setDate(i, (Date) v);
            case DATE_CALENDAR -> ps.setDate(i, (Date) v, (Calendar) extra);
            case TIME -> ps.setTime(i, (Time) v);
            case TIME_CALENDAR -> ps.setTime(i, (Time) v, (Calendar) extra);
            case TIMESTAMP -> ps.setTimestamp(i, (Timestamp) v);
            case TIMESTAMP_CALENDAR -> ps.setTimestamp(i, (Timestamp) v, (Calendar) extra);
            case OBJECT -> ps.setObject(i, v);
            case OBJECT_TYPE -> ps.setObject(i, v, (int) n);
            case OBJECT_TYPE_SCALE -> ps.setObject(i, v, (int) n, (Integer) extra);
            case OBJECT_SQL_TYPE -> ps.setObject(i, v, (SQLType) extra);
            case OBJECT_SQL_TYPE_SCALE -> ps.setObject(i, v, (SQLType) extra, (int) n);
            case ASCII_STREAM -> ps.setAsciiStream(i, in(v));
            case ASCII_STREAM_INT -> ps.setAsciiStream(i, in(v), (int) n);
            case ASCII_STREAM_LONG -> ps.setAsciiStream(i, in(v), n);
            case UNICODE_STREAM -> ps.setUnicodeStream(i, in(v), (int) n);
            case BINARY_STREAM -> ps.setBinaryStream(i, in(v));
            case BINARY_STREAM_INT -> ps.setBinaryStream(i, in(v), (int) n);
            case BINARY_STREAM_LONG -> ps.setBinaryStream(i, in(v), n);
            case CHARACTER_STREAM -> ps.setCharacterStream(i, reader(v));
            case CHARACTER_STREAM_INT -> ps.setCharacterStream(i, reader(v), (int) n);
            case CHARACTER_STREAM_LONG -> ps.setCharacterStream(i, reader(v), n);
            case NCHARACTER_STREAM -> ps.setNCharacterStream(i, reader(v));
            case NCHARACTER_STREAM_LONG -> ps.setNCharacterStream(i, reader(v), n);
            case BLOB -> ps.setBlob(i, (Blob) v);
            case BLOB_STREAM -> ps.setBlob(i, in(v));
            case BLOB_STREAM_LONG -> ps.setBlob(i, in(v), n);
            case CLOB -> ps.setClob(i, (Clob) v);
            case CLOB_READER -> ps.setClob(i, reader(v));
            case CLOB_READER_LONG -> ps.setClob(i, reader(v), n);
            case NCLOB -> ps.setNClob(i, (NClob) v);
            case NCLOB_READER -> ps.setNClob(i, reader(v));
            case NCLOB_READER_LONG -> ps.setNClob(i, reader(v), n);
            case REF -> ps.setRef(i, (Ref) v);
            case ARRAY -> ps.setArray(i, (Array) v);
            case URL -> ps.setURL(i, (URL) v);
            case ROW_ID -> ps.setRowId(i, (RowId) v);
            case SQLXML -> ps.setSQLXML(i, (SQLXML) v);
        }
    }
}
