package io.shardjdbc.examples.boot.jooq;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.table;

import java.math.BigDecimal;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Accounts and their entries, both sharded by account (co-located: a join by account runs on one shard). */
@Service
public class Ledger {
    private static final Table<Record> ACCOUNTS = table(name("accounts"));
    private static final Table<Record> ENTRIES = table(name("entries"));
    private static final Field<Long> ACCOUNT_ID = field(name("account_id"), Long.class);
    private static final Field<String> OWNER = field(name("owner"), String.class);
    private static final Field<Long> ENTRY_ID = field(name("entry_id"), Long.class);
    private static final Field<BigDecimal> AMOUNT = field(name("amount"), BigDecimal.class);

    private final DSLContext db;

    public Ledger(DSLContext db) {
        this.db = db;
    }

    /** Opens an account. */
    public void open(long accountId, String owner) {
        db.insertInto(ACCOUNTS, ACCOUNT_ID, OWNER).values(accountId, owner).execute();
    }

    /** Books an entry; returns its id, unique across shards ({@code generated-id}), read back with {@code RETURNING}. */
    @Transactional
    public long book(long accountId, BigDecimal amount) {
        return db.insertInto(ENTRIES, ACCOUNT_ID, AMOUNT).values(accountId, amount).returning(ENTRY_ID).fetchOne(ENTRY_ID);
    }

    /** The owner's name and the balance of an account: a join on the account's shard. */
    public Record balance(long accountId) {
        return db.select(OWNER, sum(AMOUNT).as("balance")).from(ACCOUNTS).join(ENTRIES)
                .on(field(name("accounts", "account_id")).eq(field(name("entries", "account_id"))))
                .where(field(name("accounts", "account_id"), Long.class).eq(accountId))
                .groupBy(OWNER).fetchOne();
    }
}
