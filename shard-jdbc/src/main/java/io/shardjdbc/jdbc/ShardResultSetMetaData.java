package io.shardjdbc.jdbc;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * The columns of a logical result set. Every shard returns the same columns for one statement, so
 * the first shard's metadata describes them all; this wrapper exists so that {@code unwrap} reaches
 * the physical metadata and the logical one never leaks a physical type by accident.
 */
public final class ShardResultSetMetaData implements ResultSetMetaData {
    private final ResultSetMetaData physical;
    private final int hidden;

    public ShardResultSetMetaData(ResultSetMetaData physical) {
        this(physical, 0);
    }

    /** Metadata of a merged result whose last {@code hidden} physical columns are merge helpers, not shown. */
    public ShardResultSetMetaData(ResultSetMetaData physical, int hidden) {
        this.physical = physical;
        this.hidden = hidden;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) return iface.cast(this);
        if (iface.isInstance(physical)) return iface.cast(physical);
        return physical.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || iface.isInstance(physical) || physical.isWrapperFor(iface);
    }

    @Override public int getColumnCount() throws SQLException { return physical.getColumnCount() - hidden; }
    @Override public boolean isAutoIncrement(int column) throws SQLException { return physical.isAutoIncrement(column); }
    @Override public boolean isCaseSensitive(int column) throws SQLException { return physical.isCaseSensitive(column); }
    @Override public boolean isSearchable(int column) throws SQLException { return physical.isSearchable(column); }
    @Override public boolean isCurrency(int column) throws SQLException { return physical.isCurrency(column); }
    @Override public int isNullable(int column) throws SQLException { return physical.isNullable(column); }
    @Override public boolean isSigned(int column) throws SQLException { return physical.isSigned(column); }
    @Override public int getColumnDisplaySize(int column) throws SQLException { return physical.getColumnDisplaySize(column); }
    @Override public String getColumnLabel(int column) throws SQLException { return physical.getColumnLabel(column); }
    @Override public String getColumnName(int column) throws SQLException { return physical.getColumnName(column); }
    @Override public String getSchemaName(int column) throws SQLException { return physical.getSchemaName(column); }
    @Override public int getPrecision(int column) throws SQLException { return physical.getPrecision(column); }
    @Override public int getScale(int column) throws SQLException { return physical.getScale(column); }
    @Override public String getTableName(int column) throws SQLException { return physical.getTableName(column); }
    @Override public String getCatalogName(int column) throws SQLException { return physical.getCatalogName(column); }
    @Override public int getColumnType(int column) throws SQLException { return physical.getColumnType(column); }
    @Override public String getColumnTypeName(int column) throws SQLException { return physical.getColumnTypeName(column); }
    @Override public boolean isReadOnly(int column) throws SQLException { return physical.isReadOnly(column); }
    @Override public boolean isWritable(int column) throws SQLException { return physical.isWritable(column); }
    @Override public boolean isDefinitelyWritable(int column) throws SQLException { return physical.isDefinitelyWritable(column); }
    @Override public String getColumnClassName(int column) throws SQLException { return physical.getColumnClassName(column); }
}
