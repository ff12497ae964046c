package io.shardjdbc.examples.boot.mybatis;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The order book, configured by {@code orderbook.properties} (its shards by {@code orderbook-shards.yaml}). */
@SpringBootApplication
public class OrderBookApplication {
    /** The application with its own configuration file (this module holds several applications). */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(OrderBookApplication.class).properties("spring.config.name=orderbook");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
