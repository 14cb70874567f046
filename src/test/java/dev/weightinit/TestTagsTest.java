package dev.weightinit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The suite's tags say what a test needs, so that {@code -DexcludedGroups=opencl,client,slow} never
 * runs one that needs a device or a client: every test method that reaches
 * {@code OpenClTestDevices.require} (itself or through a method of its class, a method source or a
 * set-up method included) carries {@code @Tag("opencl")}, on itself or its class; every one that
 * runs {@code torch_check.py} (through {@code TorchDialectTest.torch}) carries {@code @Tag("client")}.
 */
class TestTagsTest {
    private static final JavaClasses TESTS = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
            .importPackages("dev.weightinit");

    @Test
    void testsThatNeedADeviceOrAClientAreTaggedSo() {
        List<String> untagged = new ArrayList<>();
        untagged.addAll(untagged("OpenClTestDevices", "require", "opencl"));
        untagged.addAll(untagged("TorchDialectTest", "torch", "client"));
        assertEquals(List.of(), untagged);
    }

    /** Test methods that reach {@code owner.method} but carry no {@code tag}. */
    private static List<String> untagged(String owner, String method, String tag) {
        List<String> missing = new ArrayList<>();
        for (JavaClass type : TESTS) {
            boolean classTagged = tagged(type.reflect().getAnnotationsByType(Tag.class), tag);
            Set<JavaMethod> setUp = new HashSet<>();
            for (JavaMethod m : type.getMethods()) {
                if (m.isAnnotatedWith(org.junit.jupiter.api.BeforeAll.class) || m.isAnnotatedWith(org.junit.jupiter.api.BeforeEach.class)) {
                    setUp.add(m);
                }
            }
            boolean setUpReaches = setUp.stream().anyMatch(m -> reaches(m, owner, method));
            for (JavaMethod m : type.getMethods()) {
                boolean test = m.isAnnotatedWith(Test.class) || m.isAnnotatedWith(org.junit.jupiter.params.ParameterizedTest.class);
                if (!test || classTagged || tagged(m.reflect().getAnnotationsByType(Tag.class), tag)) {
                    continue;
                }
                boolean source = m.tryGetAnnotationOfType(org.junit.jupiter.params.provider.MethodSource.class)
                        .map(s -> Arrays.stream(s.value()).anyMatch(name -> type.getMethods().stream()
                                .anyMatch(other -> other.getName().equals(name) && reaches(other, owner, method))))
                        .orElse(false);
                if (setUpReaches || source || reaches(m, owner, method)) {
                    missing.add(type.getSimpleName() + "." + m.getName() + " needs @Tag(\"" + tag + "\")");
                }
            }
        }
        return missing;
    }

    private static boolean tagged(Tag[] tags, String tag) {
        return Arrays.stream(tags).anyMatch(t -> t.value().equals(tag));
    }

    /** Whether {@code start} calls {@code owner.method}, itself or through methods of its own class. */
    private static boolean reaches(JavaMethod start, String owner, String method) {
        Deque<JavaMethod> todo = new ArrayDeque<>(List.of(start));
        Set<JavaMethod> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            JavaMethod m = todo.pop();
            if (!seen.add(m)) {
                continue;
            }
            for (JavaMethodCall call : m.getMethodCallsFromSelf()) {
                if (call.getTargetOwner().getSimpleName().equals(owner) && call.getName().equals(method)) {
                    return true;
                }
                if (call.getTargetOwner().equals(m.getOwner())) {
                    call.getTarget().resolveMember().ifPresent(todo::push);
                }
            }
        }
        return false;
    }

    /** The check itself can fail: an untagged method that reaches the device is found. */
    @Test
    void anUntaggedDeviceTestIsFound() {
        JavaClass probe = new ClassFileImporter().importClasses(Probe.class).get(Probe.class);
        assertEquals(true, reaches(probe.getMethod("needsDevice"), "OpenClTestDevices", "require"));
    }

    @SuppressWarnings("unused")
    private static final class Probe {
        void needsDevice() {
            helper();
        }

        private void helper() {
            dev.weightinit.backend.opencl.OpenClTestDevices.require();
        }
    }
}
