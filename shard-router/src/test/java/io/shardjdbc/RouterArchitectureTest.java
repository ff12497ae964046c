package io.shardjdbc;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The router's packages as the design has them: a layered graph, and planning without a database. */
@AnalyzeClasses(packages = {"io.shardjdbc.config", "io.shardjdbc.dircache", "io.shardjdbc.mergeplan",
        "io.shardjdbc.metadata", "io.shardjdbc.route", "io.shardjdbc.sql", "io.shardjdbc.strategy",
        "io.shardjdbc.topology"}, importOptions = ImportOption.DoNotIncludeTests.class)
class RouterArchitectureTest {

    @ArchTest
    static final ArchRule packagesFormNoCycle = slices().matching("io.shardjdbc.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule planningNeverOpensAConnection = noClasses()
            .should().dependOnClassesThat().haveFullyQualifiedName("java.sql.Connection")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.sql.Statement")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.sql.ResultSet")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.sql.DriverManager")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("javax.sql.DataSource")
            .because("the router plans without a database; executing belongs to shard-jdbc");

    @ArchTest
    static final ArchRule theSqlFrontEndKnowsNoTopology = noClasses().that().resideInAPackage("io.shardjdbc.sql..")
            .should().dependOnClassesThat().resideInAnyPackage("io.shardjdbc.route..", "io.shardjdbc.topology..",
                    "io.shardjdbc.strategy..", "io.shardjdbc.dircache..", "io.shardjdbc.mergeplan..")
            .because("reading a statement does not depend on where its rows are");

    @ArchTest
    static final ArchRule strategiesKnowNoStatements = noClasses().that().resideInAPackage("io.shardjdbc.strategy..")
            .should().dependOnClassesThat().resideInAnyPackage("io.shardjdbc.route..", "io.shardjdbc.sql..",
                    "io.shardjdbc.mergeplan..")
            .because("a strategy maps a key to a shard, whatever the statement");

    @ArchTest
    static final ArchRule theMetadataStoreInterfaceStandsAlone = noClasses().that().resideInAPackage("io.shardjdbc.metadata..")
            .should().dependOnClassesThat().resideInAnyPackage("io.shardjdbc.route..", "io.shardjdbc.sql..",
                    "io.shardjdbc.topology..", "io.shardjdbc.strategy..", "io.shardjdbc.dircache..",
                    "io.shardjdbc.mergeplan..")
            .because("a store implements it with nothing of the router but its config");
}
