package io.shardjdbc.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.ShardDriver;
import java.sql.Driver;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

/** The demo and its tests run as named modules: the driver is reached through its module descriptor. */
class ModulePathTest {

    @Test
    void theDemoAndTheDriverAreNamedModules() {
        assertThat(Demo.class.getModule().getName()).isEqualTo("io.shardjdbc.examples");
        assertThat(ShardDriver.class.getModule().getName()).isEqualTo("io.shardjdbc");
        assertThat(Driver.class.getModule().getName()).isEqualTo("java.sql");
    }

    @Test
    void driverManagerFindsTheDriverThroughTheModulesService() {
        // DriverManager loads java.sql.Driver services: from a named module only when it declares `provides`
        assertThat(DriverManager.drivers()).anyMatch(d -> d.getClass() == ShardDriver.class);
        assertThat(ShardDriver.class.getModule().getDescriptor().provides())
                .anyMatch(p -> p.service().equals(Driver.class.getName()) && p.providers().contains(ShardDriver.class.getName()));
    }

    @Test
    void onlyTheApiIsExported() {
        Module driver = ShardDriver.class.getModule();
        assertThat(driver.isExported("io.shardjdbc")).isTrue();
        assertThat(driver.isExported("io.shardjdbc.jdbc")).isTrue();
        assertThat(driver.isExported("io.shardjdbc.execute")).as("execution stays inside").isFalse();
        assertThat(driver.isExported("io.shardjdbc.merge")).isFalse();
        assertThat(driver.isExported("io.shardjdbc.federation"))
                .as("the classes Calcite compiles federated plans into (unnamed modules) call federation's functions").isTrue();
    }
}
