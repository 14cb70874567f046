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
 * The layers of {@code docs/design.md}, checked on the main classes' bytecode: cli → (bench,
 * checkpoint) → hf → (model, io) → dialects (keras, torch) → core → backend → engine, never the
 * other way and without cycles; dialects do not know each other; picocli only in the cli; and
 * nothing but {@code backend.opencl} names an OpenCL type, so no public contract above it has one.
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
                .layer("bench").definedBy("dev.weightinit.bench..")
                .layer("checkpoint").definedBy("dev.weightinit.checkpoint..")
                .layer("hf").definedBy("dev.weightinit.hf..")
                .layer("model").definedBy("dev.weightinit.model..")
                .layer("io").definedBy("dev.weightinit.io..")
                .layer("dialects").definedBy("dev.weightinit.keras..", "dev.weightinit.torch..")
                .layer("core").definedBy("dev.weightinit.core..")
                .layer("backend").definedBy("dev.weightinit.backend..")
                .layer("engine").definedBy("dev.weightinit.engine..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("bench").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("checkpoint").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("hf").mayOnlyBeAccessedByLayers("cli", "checkpoint")
                .whereLayer("model").mayOnlyBeAccessedByLayers("cli", "checkpoint", "hf")
                .whereLayer("io").mayOnlyBeAccessedByLayers("cli", "bench", "checkpoint", "hf", "model")
                .whereLayer("dialects").mayOnlyBeAccessedByLayers("cli", "checkpoint", "hf", "model")
                .whereLayer("core").mayOnlyBeAccessedByLayers("cli", "checkpoint", "hf", "model", "io", "dialects")
                .whereLayer("backend").mayOnlyBeAccessedByLayers("cli", "bench", "checkpoint", "hf", "model", "io", "dialects", "core")
                .check(classes);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.weightinit.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void dialectsDoNotDependOnEachOther() {
        slices().matching("dev.weightinit.(keras|torch)..").should().notDependOnEachOther().check(classes);
    }

    @Test
    void onlyTheOpenClBackendNamesOpenClTypes() {
        noClasses().that().resideOutsideOfPackages("dev.weightinit.backend.opencl..")
                .should().dependOnClassesThat().resideInAPackage("org.jocl..").check(classes);
    }

    @Test
    void onlyTheCliNamesPicocli() {
        noClasses().that().resideOutsideOfPackages("dev.weightinit.cli..")
                .should().dependOnClassesThat().resideInAPackage("picocli..").check(classes);
    }

    @Test
    void engineAndBackendsKnowNoDialect() {
        noClasses().that().resideInAnyPackage("dev.weightinit.engine..", "dev.weightinit.backend..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.weightinit.core..", "dev.weightinit.keras..",
                        "dev.weightinit.torch..", "dev.weightinit.model..", "dev.weightinit.io..", "dev.weightinit.cli..",
                        "dev.weightinit.hf..", "dev.weightinit.checkpoint..", "dev.weightinit.bench..")
                .check(classes);
    }
}
