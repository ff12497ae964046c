/**
 * JMH benchmarks, the workload driver and the client-CPU measurements. Open: JMH instantiates the
 * benchmark classes and its generated code by reflection.
 */
open module io.shardjdbc.benchmarks {
    requires io.shardjdbc;
    requires io.shardjdbc.directory;
    requires com.zaxxer.hikari;
    requires jmh.core;
    requires java.management;
    requires jdk.management;
}
