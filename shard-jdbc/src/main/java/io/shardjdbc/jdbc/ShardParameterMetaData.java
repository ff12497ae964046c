package io.shardjdbc.jdbc;

import io.shardjdbc.route.RouteUnit;
import java.sql.ParameterMetaData;
import java.sql.SQLException;
import java.sql.Types;

/**
 * The parameters of a logical prepared statement. The count is the logical SQL's; the type of a
 * parameter comes from the physical statement where that parameter appears, and is "unknown" when
 * the physical SQL dropped it (an IN list split between shards) or the driver cannot describe it.
 */
final class ShardParameterMetaData implements ParameterMetaData {
    private final int count;
    private final ParameterMetaData physical;
    private final RouteUnit unit;
    private final int physicalCount;

    ShardParameterMetaData(int count, ParameterMetaData physical, RouteUnit unit) {
        this.count = count;
        this.physical = physical;
        this.unit = unit;
        this.physicalCount = unit.parameterCount(count);
    }

    @Override public int getParameterCount() { return count; }

    /** The physical index of a logical parameter, or 0 when no physical parameter carries it. */
    private int physicalIndex(int param) throws SQLException {
        if (param < 1 || param > count) throw new SQLException("parameter " + param + " is out of range 1.." + count, "22023");
        if (physical == null) return 0;
        for (int p = 1; p <= physicalCount; p++) if (unit.logicalIndex(p) == param) return p;
        return 0;
    }

    @Override
    public int isNullable(int param) throws SQLException {
        int p = physicalIndex(param);
        return p == 0 ? parameterNullableUnknown : physical.isNullable(p);
    }

    @Override
    public boolean isSigned(int param) throws SQLException {
        int p = physicalIndex(param);
        return p != 0 && physical.isSigned(p);
    }

    @Override
    public int getPrecision(int param) throws SQLException {
        int p = physicalIndex(param);
        return p == 0 ? 0 : physical.getPrecision(p);
    }

    @Override
    public int getScale(int param) throws SQLException {
        int p = physicalIndex(param);
        return p == 0 ? 0 : physical.getScale(p);
    }

    @Override
    public int getParameterType(int param) throws SQLException {
        int p = physicalIndex(param);
        return p == 0 ? Types.OTHER : physical.getParameterType(p);
    }

    @Override
    public String getParameterTypeName(int param) throws SQLException {
        int p = physicalIndex(param);
        return p == 0 ? null : physical.getParameterTypeName(p);
    }

    @Override
    public String getParameterClassName(int param) throws SQLException {
        int p = physicalIndex(param);
        return p == 0 ? Object.class.getName() : physical.getParameterClassName(p);
    }

    @Override
    public int getParameterMode(int param) throws SQLException {
        int p = physicalIndex(param);
        return p == 0 ? parameterModeIn : physical.getParameterMode(p);
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) return iface.cast(this);
        if (physical != null) return physical.unwrap(iface);
        throw new SQLException("not a wrapper for " + iface.getName(), "HY000");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || physical != null && physical.isWrapperFor(iface);
    }
}
