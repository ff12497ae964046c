package io.shardjdbc.merge;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * A copy of the first columns of a shard result's metadata, taken before the shard results close,
 * to describe rows the merge computed. Names and types stay those the database reported.
 */
public final class MetaDataSnapshot implements ResultSetMetaData {
    private final String[] label, name, schema, table, catalog, typeName, className;
    private final int[] type, precision, scale, nullable, displaySize;
    private final boolean[] autoIncrement, caseSensitive, searchable, currency, signed;

    /**
     * A snapshot of the first {@code columns} columns; a snapshot of exactly those is returned as it
     * is (reading a driver's metadata costs lookups per column, so merges that repeat reuse one).
     */
    public static ResultSetMetaData of(ResultSetMetaData md, int columns) throws SQLException {
        return md instanceof MetaDataSnapshot s && s.getColumnCount() == columns ? s : new MetaDataSnapshot(md, columns);
    }

    private MetaDataSnapshot(ResultSetMetaData md, int columns) throws SQLException {
        label = new String[columns]; name = new String[columns]; schema = new String[columns]; table = new String[columns];
        catalog = new String[columns]; typeName = new String[columns]; className = new String[columns];
        type = new int[columns]; precision = new int[columns]; scale = new int[columns]; nullable = new int[columns];
        displaySize = new int[columns];
        autoIncrement = new boolean[columns]; caseSensitive = new boolean[columns]; searchable = new boolean[columns];
        currency = new boolean[columns]; signed = new boolean[columns];
        for (int i = 0; i < columns; i++) {
            int c = i + 1;
            label[i] = md.getColumnLabel(c);
            name[i] = md.getColumnName(c);
            schema[i] = md.getSchemaName(c);
            table[i] = md.getTableName(c);
            catalog[i] = md.getCatalogName(c);
            typeName[i] = md.getColumnTypeName(c);
            className[i] = md.getColumnClassName(c);
            type[i] = md.getColumnType(c);
            precision[i] = md.getPrecision(c);
            scale[i] = md.getScale(c);
            nullable[i] = md.isNullable(c);
            displaySize[i] = md.getColumnDisplaySize(c);
            autoIncrement[i] = md.isAutoIncrement(c);
            caseSensitive[i] = md.isCaseSensitive(c);
            searchable[i] = md.isSearchable(c);
            currency[i] = md.isCurrency(c);
            signed[i] = md.isSigned(c);
        }
    }

    @Override public int getColumnCount() { return label.length; }
    @Override public boolean isAutoIncrement(int c) { return autoIncrement[c - 1]; }
    @Override public boolean isCaseSensitive(int c) { return caseSensitive[c - 1]; }
    @Override public boolean isSearchable(int c) { return searchable[c - 1]; }
    @Override public boolean isCurrency(int c) { return currency[c - 1]; }
    @Override public int isNullable(int c) { return nullable[c - 1]; }
    @Override public boolean isSigned(int c) { return signed[c - 1]; }
    @Override public int getColumnDisplaySize(int c) { return displaySize[c - 1]; }
    @Override public String getColumnLabel(int c) { return label[c - 1]; }
    @Override public String getColumnName(int c) { return name[c - 1]; }
    @Override public String getSchemaName(int c) { return schema[c - 1]; }
    @Override public int getPrecision(int c) { return precision[c - 1]; }
    @Override public int getScale(int c) { return scale[c - 1]; }
    @Override public String getTableName(int c) { return table[c - 1]; }
    @Override public String getCatalogName(int c) { return catalog[c - 1]; }
    @Override public int getColumnType(int c) { return type[c - 1]; }
    @Override public String getColumnTypeName(int c) { return typeName[c - 1]; }
    @Override public boolean isReadOnly(int c) { return true; }
    @Override public boolean isWritable(int c) { return false; }
    @Override public boolean isDefinitelyWritable(int c) { return false; }
    @Override public String getColumnClassName(int c) { return className[c - 1]; }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) return iface.cast(this);
        throw new SQLException("not a wrapper for " + iface.getName(), "HY000");
    }

    @Override public boolean isWrapperFor(Class<?> iface) { return iface.isInstance(this); }
}
