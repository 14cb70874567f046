package dev.weightinit.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.tensorflow.EagerSession;
import org.tensorflow.Operand;
import org.tensorflow.framework.initializers.Glorot;
import org.tensorflow.framework.initializers.He;
import org.tensorflow.framework.initializers.VarianceScaling;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The JVM's other Keras-style initializers: TF-Java ({@code org.tensorflow:tensorflow-framework}
 * 1.0.0, TensorFlow's CPU kernels in an eager session) making a {@code size}-element float32
 * tensor, 4096 x (size / 4096), and reading it into a {@code float[]}, as
 * {@code Initializer.generate} returns one. {@code He(TRUNCATED_NORMAL)} is Keras' HeNormal and
 * {@code Glorot(UNIFORM)} its GlorotUniform. Compiled only in the {@code bench} profile (the
 * native jar is 149 MB).
 */
public class TfJavaPeerBenchmark extends AbstractBenchmark {
    @Param({"16777216"})
    public int size;
    @Param({"heNormal", "glorotUniform"})
    public String initializer;

    private EagerSession session;
    private Ops tf;
    private Operand<TInt64> dims;
    private VarianceScaling<TFloat32> init;
    private float[] out;

    @Setup
    public void setUp() {
        session = EagerSession.create();
        tf = Ops.create(session);
        dims = tf.constant(new long[] {4096, size / 4096});
        init = "heNormal".equals(initializer) ? new He<>(VarianceScaling.Distribution.TRUNCATED_NORMAL, 1L)
                : new Glorot<>(VarianceScaling.Distribution.UNIFORM, 1L);
        out = new float[size];
    }

    @TearDown
    public void tearDown() {
        session.close();
    }

    @Benchmark
    public float[] generate() {
        try (TFloat32 values = (TFloat32) init.call(tf, dims, TFloat32.class).asTensor()) {
            values.asRawTensor().data().asFloats().read(out);
        }
        return out;
    }
}
