package dev.weightinit.spark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The Spark job builds on the library's checkpoint and hf packages, never on its command line or picocli. */
class SparkArchitectureTest {
    @Test
    void theJobKnowsNoCommandLine() {
        JavaClasses job = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.weightinit.spark");
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.weightinit.cli..", "picocli..").check(job);
    }
}
