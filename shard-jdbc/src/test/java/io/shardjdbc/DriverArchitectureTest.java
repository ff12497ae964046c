package io.shardjdbc;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The driver's packages as the design has them, from the bottom up: {@code errors}; {@code physical}
 * (pools, a logical connection's physical connections); {@code tx} and {@code replica}; {@code
 * execute}; {@code engine}; the JDBC facades in {@code jdbc} and the API in {@code io.shardjdbc}.
 */
@AnalyzeClasses(packages = "io.shardjdbc", importOptions = ImportOption.DoNotIncludeTests.class)
class DriverArchitectureTest {

    @ArchTest
    static final ArchRule packagesFormNoCycle = slices().matching("io.shardjdbc.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule errorsDependOnNothingOfTheDriver = noClasses().that().resideInAPackage("io.shardjdbc.errors..")
            .should().dependOnClassesThat(resideInAPackage("io.shardjdbc..").and(resideOutsideOfPackage("io.shardjdbc.errors..")))
            .because("every package reports errors through it");

    @ArchTest
    static final ArchRule physicalConnectionsKnowNoPolicy = noClasses().that().resideInAPackage("io.shardjdbc.physical..")
            .should().dependOnClassesThat().resideInAnyPackage("io.shardjdbc.tx..", "io.shardjdbc.replica..",
                    "io.shardjdbc.execute..", "io.shardjdbc.engine..", "io.shardjdbc.jdbc..")
            .because("transactions and replica choice build on the physical connections, not the other way round");

    @ArchTest
    static final ArchRule theEngineRunsBelowTheJdbcFacades = noClasses().that().resideInAnyPackage(
                    "io.shardjdbc.engine..", "io.shardjdbc.execute..", "io.shardjdbc.merge..", "io.shardjdbc.federation..",
                    "io.shardjdbc.tx..", "io.shardjdbc.replica..", "io.shardjdbc.physical..", "io.shardjdbc.observe..",
                    "io.shardjdbc.ids..")
            .should().dependOnClassesThat().resideInAPackage("io.shardjdbc.jdbc..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("io.shardjdbc.ShardDataSource")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("io.shardjdbc.ShardDriver")
            .because("the JDBC classes hand plans to the engine; the engine never calls back into them");

    @ArchTest
    static final ArchRule mergingNeverRunsSql = noClasses().that().resideInAPackage("io.shardjdbc.merge..")
            .should().callMethod(java.sql.Connection.class, "prepareStatement", String.class)
            .orShould().callMethod(java.sql.Connection.class, "createStatement")
            .orShould().dependOnClassesThat().resideInAnyPackage("io.shardjdbc.physical..", "io.shardjdbc.execute..",
                    "io.shardjdbc.engine..")
            .because("a merge combines the rows the shards returned; what runs where is the plan's");

    @ArchTest
    static final ArchRule routingNeverExecutes = noClasses().that().resideInAnyPackage("io.shardjdbc.route..",
                    "io.shardjdbc.strategy..", "io.shardjdbc.topology..", "io.shardjdbc.sql..", "io.shardjdbc.mergeplan..")
            .should().dependOnClassesThat().resideInAnyPackage("io.shardjdbc.execute..", "io.shardjdbc.physical..",
                    "io.shardjdbc.engine..", "io.shardjdbc.jdbc..", "io.shardjdbc.tx..", "io.shardjdbc.replica..")
            .because("planning never executes");
}
