package dev.weightinit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.keras.RandomNormal;
import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.backend.Backend;
import dev.weightinit.backend.ForwardingBackend;
import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.FillSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failing backend or a full disk during a write leaves no file under the final name, and no temporary. */
class WriterFaultsTest {
    @TempDir
    Path dir;

    /** A backend that fails its Nth fill. */
    private static final class FailingBackend extends ForwardingBackend {
        private final int failAt;
        private final AtomicInteger fills = new AtomicInteger();

        FailingBackend(Backend delegate, int failAt) {
            super(delegate);
            this.failAt = failAt;
        }

        @Override
        public String id() {
            return "failing";
        }

        @Override
        public void fill(FillSpec spec, long start, ByteBuffer dst) {
            if (fills.incrementAndGet() == failAt) {
                throw new IllegalStateException("injected device fault at fill " + failAt);
            }
            delegate.fill(spec, start, dst);
        }
    }

    private List<TensorWriter.Job> jobs() {
        return List.of(new TensorWriter.Job("a", TensorSpec.named("a", Shape.of(1000, 100), DType.FLOAT32), new RandomNormal(0, 1, 1L)),
                new TensorWriter.Job("b", TensorSpec.named("b", Shape.of(300, 100), DType.BFLOAT16), new RandomNormal(0, 1, 1L)));
    }

    private void assertFolderEmpty() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void aDeviceFaultMidWayLeavesNoFile() throws IOException {
        try (CpuBackend cpu = new CpuBackend(2)) {
            for (int failAt = 1; failAt <= 6; failAt++) {
                Path target = dir.resolve("model.safetensors");
                int failing = failAt;
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
                    try (AtomicOutputFile file = AtomicOutputFile.create(target)) {
                        new TensorWriter(new FailingBackend(cpu, failing), 64 * 1024).write(jobs(), file.channel(), 0, (b, d, j) -> { });
                        file.commit();
                    }
                });
                assertTrue(e.getMessage().contains("injected"), e.getMessage());
                assertFalse(Files.exists(target));
                assertFolderEmpty();
            }
        }
    }

    @Test
    void aFullDiskReportsItAndLeavesNoFile() throws IOException {
        Path target = dir.resolve("model.safetensors");
        try (CpuBackend cpu = new CpuBackend(2)) {
            IOException e = assertThrows(IOException.class, () -> {
                try (AtomicOutputFile file = AtomicOutputFile.create(target)) {
                    new TensorWriter(cpu, 64 * 1024).write(jobs(), new DiskFullChannel(file.channel(), 300_000), 0, (b, d, j) -> { });
                    file.commit();
                }
            });
            assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        }
        assertFolderEmpty();
    }

    @Test
    void aCommittedFileHasTheFinalNameAndNoTemporaryRemains() throws IOException {
        Path target = dir.resolve("ok.bin");
        try (AtomicOutputFile file = AtomicOutputFile.create(target)) {
            file.channel().write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            file.commit();
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList());
        }
        assertEquals(3, Files.size(target));
        IOException missing = assertThrows(IOException.class, () -> AtomicOutputFile.create(dir.resolve("no/such/folder/x.bin")));
        assertTrue(missing.getMessage().contains("folder"), missing.getMessage());
    }
}
