package dev.weightinit.backend.opencl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * OpenCL C sources from the classpath folder {@code kernels/}, where the build copies the
 * project's top-level {@code kernels/*.cl}.
 */
final class KernelSources {
    /** The sources of the fill program, in the order they are compiled as one unit. */
    static final List<String> FILL_PROGRAM = List.of("types.cl", "philox.cl", "float32_math.cl", "transforms.cl", "fill.cl");
    /** The sources of the program that evaluates every step of §3 on chosen inputs ({@code steps.cl}). */
    /** The write-bandwidth kernels of {@code bench} ({@code ceilings.cl}). */
    static final List<String> CEILINGS_PROGRAM = List.of("ceilings.cl");
    static final List<String> STEPS_PROGRAM = List.of("types.cl", "float32_math.cl", "transforms.cl", "steps.cl");

    private KernelSources() {
    }

    /**
     * @throws IllegalStateException if the resource is missing from the classpath
     */
    static String load(String fileName) {
        String path = "/kernels/" + fileName;
        try (InputStream in = KernelSources.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("OpenCL source " + path + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read OpenCL source " + path, e);
        }
    }

    static String[] loadAll(List<String> fileNames) {
        return fileNames.stream().map(KernelSources::load).toArray(String[]::new);
    }
}
