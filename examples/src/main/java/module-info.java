/**
 * The demo, as an application on the module path would be: it reads the driver's exported API only
 * and finds the driver as a {@code java.sql.Driver} service. Its tests run on the module path.
 */
module io.shardjdbc.examples {
    requires io.shardjdbc;
    requires embedded.postgres;

    exports io.shardjdbc.examples;
}
