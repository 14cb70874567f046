package dev.weightinit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package dependencies of the README's "Architecture" section, checked on the main classes'
 * bytecode: cli → model, io → dialects (keras, torch) → core → backend → engine, never the other
 * way; dialects do not know each other; and nothing but the OpenCL backend and the CLI names an
 * OpenCL type, so the public contract of initializers has none.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.weightinit");
    }

    @Test
    void dependenciesPointOneWay() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("cli").definedBy("dev.weightinit.cli..")
                .layer("model").definedBy("dev.weightinit.model..")
                .layer("io").definedBy("dev.weightinit.io..")
                .layer("dialects").definedBy("dev.weightinit.keras..", "dev.weightinit.torch..")
                .layer("core").definedBy("dev.weightinit.core..")
                .layer("backend").definedBy("dev.weightinit.backend..")
                .layer("engine").definedBy("dev.weightinit.engine..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("model").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("io").mayOnlyBeAccessedByLayers("cli", "model")
                .whereLayer("dialects").mayOnlyBeAccessedByLayers("cli", "model")
                .whereLayer("core").mayOnlyBeAccessedByLayers("cli", "model", "io", "dialects")
                .whereLayer("backend").mayOnlyBeAccessedByLayers("cli", "model", "io", "dialects", "core")
                .check(classes);
    }

    @Test
    void dialectsDoNotDependOnEachOther() {
        slices().matching("dev.weightinit.(keras|torch)..").should().notDependOnEachOther().check(classes);
    }

    @Test
    void onlyTheOpenClBackendAndTheCliNameOpenClTypes() {
        noClasses().that().resideOutsideOfPackages("dev.weightinit.backend.opencl..", "dev.weightinit.cli..")
                .should().dependOnClassesThat().resideInAPackage("org.jocl..").check(classes);
    }

    @Test
    void engineAndBackendsKnowNoDialect() {
        noClasses().that().resideInAnyPackage("dev.weightinit.engine..", "dev.weightinit.backend..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.weightinit.core..", "dev.weightinit.keras..",
                        "dev.weightinit.torch..", "dev.weightinit.model..", "dev.weightinit.io..", "dev.weightinit.cli..")
                .check(classes);
    }
}
