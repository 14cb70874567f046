package dev.weightinit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.engine.DType;
import dev.weightinit.keras.RandomNormal;
import dev.weightinit.model.Provenance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NpyRecord}, the sidecar of a {@code .npy} slice: a record survives a write and a read; each
 * field is read at the edges of its range (stream_spec 1 to 2, sizes from 0, a slice that ends exactly
 * at the tensor's end or one element past it), and a bad one is refused naming the sidecar and the field.
 * The tensor is 3 x 4 = 12 elements; the cases edit the written JSON by hand.
 */
class NpyRecordTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TensorSpec TENSOR = new TensorSpec(Shape.of(3, 4), DType.BFLOAT16, 5);

    @TempDir
    Path dir;

    private Path written(long offset, long count) throws IOException {
        Path npy = dir.resolve("slice.npy");
        new NpyRecord(TENSOR, new RandomNormal(0, 0.5, 9), offset, count).write(npy);
        return npy;
    }

    /** The record read back after {@code edit} changed the written sidecar. */
    private NpyRecord edited(Consumer<ObjectNode> edit) throws IOException {
        Path npy = written(2, 6);
        Path sidecar = NpyRecord.sidecar(npy);
        ObjectNode root = (ObjectNode) JSON.readTree(sidecar.toFile());
        edit.accept(root);
        Files.writeString(sidecar, root.toString());
        return NpyRecord.read(npy);
    }

    private String refusal(Consumer<ObjectNode> edit) {
        return assertThrows(IllegalArgumentException.class, () -> edited(edit)).getMessage();
    }

    @Test
    void aRecordReadsBackAsWritten() throws IOException {
        NpyRecord back = NpyRecord.read(written(2, 6));
        assertEquals(TENSOR, back.tensor());
        assertEquals(new RandomNormal(0, 0.5, 9), back.initializer());
        assertEquals(2, back.offset());
        assertEquals(6, back.count());
        assertEquals(dir.resolve("slice.npy.json"), NpyRecord.sidecar(dir.resolve("slice.npy")));
    }

    @Test
    void wholeMeansFromElementZeroToTheEnd() {
        assertTrue(new NpyRecord(TENSOR, new RandomNormal(), 0, 12).whole());
        assertFalse(new NpyRecord(TENSOR, new RandomNormal(), 0, 11).whole());
        assertFalse(new NpyRecord(TENSOR, new RandomNormal(), 1, 11).whole());
    }

    @Test
    void eachFieldAtTheEdgesOfItsRange() throws IOException {
        String sidecar = dir.resolve("slice.npy.json").toString();
        assertEquals(2, edited(r -> r.put("stream_spec", 1)).offset(), "stream_spec 1 is known");
        assertEquals(2, edited(r -> r.put("stream_spec", 2)).offset(), "and so is 2, this build's");
        assertEquals(sidecar + ": stream_spec 0 is not one this weightinit knows (1 to 2)", refusal(r -> r.put("stream_spec", 0)));
        assertEquals(sidecar + ": stream_spec 3 is not one this weightinit knows (1 to 2)", refusal(r -> r.put("stream_spec", 3)));
        assertEquals(sidecar + ": stream_spec 1.5 is not one this weightinit knows (1 to 2)", refusal(r -> r.put("stream_spec", 1.5)));
        assertEquals(Shape.of(0, 4), edited(r -> {
            r.putArray("shape").add(0).add(4);
            r.put("offset", 0);
            r.put("count", 0);
        }).tensor().shape(), "a size of 0 is a size");
        assertEquals(sidecar + ": shape [3,-1] is not a list of sizes", refusal(r -> r.putArray("shape").add(3).add(-1)));
        assertEquals(sidecar + ": offset -1 is not a count of elements", refusal(r -> r.put("offset", -1)));
        assertEquals(sidecar + ": count -1 is not a count of elements", refusal(r -> r.put("count", -1)));
        assertEquals(0, edited(r -> r.put("offset", 0)).offset());
        NpyRecord last = edited(r -> {
            r.put("offset", 12);
            r.put("count", 0);
        });
        assertEquals(12, last.offset(), "an empty slice at the very end");
        assertEquals(sidecar + ": elements [13, 13 + 0) are outside (3, 4)", refusal(r -> {
            r.put("offset", 13);
            r.put("count", 0);
        }));
        assertEquals(10, edited(r -> r.put("count", 10)).count(), "2 + 10 = 12 ends at the end");
        assertEquals(sidecar + ": elements [2, 2 + 11) are outside (3, 4)", refusal(r -> r.put("count", 11)));
        assertEquals(sidecar + ": stream \"-1\" is not an unsigned 64-bit integer", refusal(r -> r.put("stream", "-1")));
        assertEquals(-1L, edited(r -> r.put("stream", "18446744073709551615")).tensor().stream(), "2^64 - 1");
    }

    @Test
    void aFileWithoutARecordOrWithAnotherGeneratorIsNotWeightinits() throws IOException {
        assertThrows(Provenance.NotWeightinitException.class, () -> NpyRecord.read(dir.resolve("none.npy")));
        assertThrows(Provenance.NotWeightinitException.class, () -> edited(r -> r.put("generator", "numpy")));
        assertThrows(Provenance.NotWeightinitException.class, () -> edited(r -> r.put("initializer", "zeros")));
    }
}
