package io.shardjdbc.move;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The rebalancer's packages: the move engine is a library, {@code shardctl} is one of its users. */
@AnalyzeClasses(packages = "io.shardjdbc", importOptions = ImportOption.DoNotIncludeTests.class)
class RebalancerArchitectureTest {

    @ArchTest
    static final ArchRule packagesFormNoCycle = slices().matching("io.shardjdbc.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theMoveEngineKnowsNoCommandLine = noClasses().that().resideInAPackage("io.shardjdbc.move..")
            .should().dependOnClassesThat().resideInAPackage("io.shardjdbc.shardctl..")
            .orShould().dependOnClassesThat().resideInAPackage("picocli..")
            .because("moves run from shardctl, tests and benchmarks alike");

    @ArchTest
    static final ArchRule theDriverKnowsNoRebalancer = noClasses().that().resideOutsideOfPackages("io.shardjdbc.move..",
                    "io.shardjdbc.shardctl..")
            .should().dependOnClassesThat().resideInAnyPackage("io.shardjdbc.move..", "io.shardjdbc.shardctl..")
            .because("a running driver sees a move only through the metadata store and the fence");
}
