package io.shardjdbc.federation;

import io.shardjdbc.route.Parameters;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.schema.SchemaPlus;

/**
 * The {@link DataContext} of one federated execution: what the compiled plan reads at run time —
 * the parameter values (Calcite's {@code ?0, ?1, ...}), objects the code generator stashed, and
 * for the table scans the shard source, the application's own parameter values and the row budget.
 */
final class FederationContext implements DataContext {
    /** The key under which scans find this context, should Calcite hand them another DataContext. */
    static final String KEY = "sjdbc.federation";

    private final SchemaPlus root;
    private final JavaTypeFactory typeFactory;
    private final Map<String, Object> stash;
    private final Object[] internalParameters;
    private final Parameters parameters;
    private final ShardSource source;
    private final RowBudget budget;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final long now = System.currentTimeMillis();

    FederationContext(SchemaPlus root, JavaTypeFactory typeFactory, Map<String, Object> stash, Object[] internalParameters,
                      Parameters parameters, ShardSource source, RowBudget budget) {
        this.root = root;
        this.typeFactory = typeFactory;
        this.stash = stash;
        this.internalParameters = internalParameters;
        this.parameters = parameters;
        this.source = source;
        this.budget = budget;
    }

    static FederationContext of(DataContext dc) {
        if (dc instanceof FederationContext f) return f;
        Object f = dc.get(KEY);
        if (f instanceof FederationContext fc) return fc;
        throw new IllegalStateException("a federated table was scanned outside a federated execution");
    }

    ShardSource source() { return source; }

    RowBudget budget() { return budget; }

    /** The application's value of a 0-based parameter, as it bound it. */
    Object parameter(int index) {
        return parameters.get(index + 1);
    }

    @Override
    public SchemaPlus getRootSchema() { return root; }

    @Override
    public JavaTypeFactory getTypeFactory() { return typeFactory; }

    @Override
    public QueryProvider getQueryProvider() { return null; }

    @Override
    public Object get(String name) {
        if (name.startsWith("?")) return internalParameters[Integer.parseInt(name.substring(1))];
        if (KEY.equals(name)) return this;
        if (Variable.TIME_ZONE.camelName.equals(name)) return TimeZone.getTimeZone("UTC");
        if (Variable.CANCEL_FLAG.camelName.equals(name)) return cancelled;
        if (Variable.CURRENT_TIMESTAMP.camelName.equals(name) || Variable.LOCAL_TIMESTAMP.camelName.equals(name)
                || Variable.UTC_TIMESTAMP.camelName.equals(name)) {
            return now;
        }
        return stash.get(name);
    }
}
