package io.shardjdbc.directory;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The metadata store's packages: two stores that know nothing of each other, behind one opener. */
@AnalyzeClasses(packages = "io.shardjdbc", importOptions = ImportOption.DoNotIncludeTests.class)
class DirectoryArchitectureTest {

    @ArchTest
    static final ArchRule packagesFormNoCycle = slices().matching("io.shardjdbc.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theJdbcStoreKnowsNoHttp = noClasses().that().resideInAPackage("io.shardjdbc.directory.jdbc..")
            .should().dependOnClassesThat().resideInAPackage("io.shardjdbc.directory.http..")
            .because("the HTTP service serves a store; the store does not know it is served");

    @ArchTest
    static final ArchRule theHttpClientKnowsNoJdbcStore = noClasses().that().haveSimpleName("HttpMetadataStore")
            .should().dependOnClassesThat().resideInAPackage("io.shardjdbc.directory.jdbc..")
            .because("a driver that reads its topology over HTTP needs no database driver for the store");
}
