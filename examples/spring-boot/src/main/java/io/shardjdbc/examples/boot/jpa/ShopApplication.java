package io.shardjdbc.examples.boot.jpa;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The shop, configured by {@code shop.properties} (its shards by {@code shop-shards.yaml}). */
@SpringBootApplication
public class ShopApplication {
    /** The application with its own configuration file (this module holds several applications). */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(ShopApplication.class).properties("spring.config.name=shop");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
