package io.shardjdbc.spring.boot;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The starter's packages: health, meters, observations and Flyway support, wired by the auto-configuration. */
@AnalyzeClasses(packages = "io.shardjdbc.spring.boot", importOptions = ImportOption.DoNotIncludeTests.class)
class StarterArchitectureTest {

    @ArchTest
    static final ArchRule packagesFormNoCycle = slices().matching("io.shardjdbc.spring.boot.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule onlyTheAutoConfigurationWires = noClasses().that().resideOutsideOfPackage("io.shardjdbc.spring.boot.autoconfigure..")
            .should().dependOnClassesThat().resideInAPackage("io.shardjdbc.spring.boot.autoconfigure..")
            .because("each feature stands alone; the auto-configuration decides which ones a context gets");
}
