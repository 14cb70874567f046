package dev.weightinit.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weightinit.CpuBackendFixture;
import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.core.Initializer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link KerasRegistry} through the facade: lookups, and what is wrong with a bad one named. */
@ExtendWith(CpuBackendFixture.class)
class KerasRegistryTest {
    private final CpuBackend cpu;

    KerasRegistryTest(CpuBackend cpu) {
        this.cpu = cpu;
    }

    @Test
    void registryLookupsNameWhatIsWrong() {
        assertEquals("HeNormal", Initializers.className("he_normal"));
        assertEquals("HeNormal", Initializers.className("HeNormal"));
        assertEquals("HeNormal", Initializers.declaration("HeNormal").className());
        String unknown = "initializer 'he_normalx' is not known: names are case-sensitive; known are " + Initializers.names();
        assertEquals(unknown, message(() -> Initializers.className("he_normalx")));
        assertEquals(unknown, message(() -> Initializers.get("he_normalx")));
        assertEquals("initializer 'Nope' is not known: names are case-sensitive; known are " + Initializers.names(),
                message(() -> Initializers.declaration("Nope")));
        assertEquals("initializer 'Nope' is not known in the KERAS2 dialect: names are case-sensitive; known are " + Initializers.names(),
                message(() -> Initializers.get("Nope", KerasDialect.KERAS2)));
        assertNull(Initializers.get(null));
        Initializer he = new HeNormal(3L);
        assertSame(he, Initializers.get(he));
        assertEquals(he, Initializers.get(Map.of("class_name", "HeNormal", "config", Map.of("seed", 3))));
        assertEquals("Could not interpret initializer identifier: 42: expected a name, a config map or an Initializer",
                message(() -> Initializers.get(42)));
        assertEquals(HeNormal.class, Initializers.get("HeNormalV2", KerasDialect.KERAS2).getClass(), "V2 names are the same class");
        assertEquals("fan_in", ((VarianceScaling) Initializers.get("LeCunNormal", KerasDialect.TFJS)).mode(),
                "TensorFlow.js' LeCunNormal: the uncorrected legacy normal");
        assertEquals("LecunUniform", Initializers.get("leCunUniform", KerasDialect.TFJS).className());
        assertEquals("GlorotUniform", Initializers.get("glorotUniform", KerasDialect.TFJS).className());
    }

    private static String message(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }
}
