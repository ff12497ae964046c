package io.shardjdbc;

import java.sql.Driver;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Registers the physical JDBC drivers that sit beside this driver. {@code DriverManager} finds
 * drivers through the class loader that was current when it started and hands a caller only
 * drivers its own class loader sees; a tool that loads this driver (or the self-contained driver
 * jar) in a class loader of its own would otherwise find no PostgreSQL or MySQL driver for the
 * shards. Loading them from this driver's class loader registers them (their static initialisers
 * call {@code DriverManager.registerDriver}); in an ordinary application that is what
 * {@code DriverManager} does anyway.
 */
final class PhysicalDrivers {
    private PhysicalDrivers() { }

    static void registerBeside(Class<?> anchor) {
        Iterator<Driver> drivers = ServiceLoader.load(Driver.class, anchor.getClassLoader()).iterator();
        for (int tries = 0; tries < 64; tries++) { // bounded: a broken entry may fail every time it is asked
            try {
                if (!drivers.hasNext()) return;
                drivers.next();
            } catch (ServiceConfigurationError | LinkageError broken) {
                // a driver that cannot load here is one no shard of ours can use either
            }
        }
    }
}
