package dev.weightinit.checkpoint;

import java.util.List;

/**
 * What an {@code init} run did (or, with {@code planOnly}, would do), for summaries and
 * {@code --json}: the model's size, each file, the seed, and the device that made the values with
 * its certification. The files themselves record none of the device facts. Immutable.
 *
 * @param planOnly   whether nothing was written ({@code --plan})
 * @param out        the output as given
 * @param parameters the model's parameter count
 * @param bytes      the tensor bytes of every file together
 * @param tensors    the number of tensors
 * @param files      each file of the model, in order
 * @param device     the device that made the values ({@code null} for a plan)
 * @param certified  its certification ({@code null} for a plan)
 * @param seed       the model seed
 * @param seedDrawn  whether the seed was drawn (none was given)
 * @param seconds    the wall time of the writing
 */
public record InitResult(boolean planOnly, String out, long parameters, long bytes, int tensors, List<File> files, String device,
                         String certified, long seed, boolean seedDrawn, double seconds) {
    /** One file of the model: its name, tensors and tensor bytes, and whether this run wrote it. */
    public record File(String name, int tensors, long bytes, boolean written) {
    }
}
