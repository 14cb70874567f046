package dev.weightinit;

import dev.weightinit.backend.cpu.CpuBackend;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test a {@link CpuBackend} of 2 threads ({@code @ExtendWith(CpuBackendFixture.class)} and a
 * {@code CpuBackend} constructor or method parameter): one backend for the whole test run, closed
 * when the run ends. Thread-safe as the backend is.
 */
public final class CpuBackendFixture implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(CpuBackendFixture.class);

    private record Closing(CpuBackend backend) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            backend.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == CpuBackend.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Closing.class, k -> new Closing(new CpuBackend(2)), Closing.class)
                .backend();
    }
}
