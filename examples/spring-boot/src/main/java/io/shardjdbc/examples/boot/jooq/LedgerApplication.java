package io.shardjdbc.examples.boot.jooq;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The ledger, configured by {@code ledger.properties} (its shards by {@code ledger-shards.yaml}). */
@SpringBootApplication
public class LedgerApplication {
    /** The application with its own configuration file (this module holds several applications). */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(LedgerApplication.class).properties("spring.config.name=ledger");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
