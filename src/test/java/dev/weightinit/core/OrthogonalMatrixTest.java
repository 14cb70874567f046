package dev.weightinit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.backend.cpu.CpuBackend;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link OrthogonalMatrix}'s limits at their edges, worked by hand: the QR of a {@code rows x cols}
 * matrix costs {@code 2 * max * min^2} operations, estimated at 2.3e9 per second; a note is due from
 * 2 s on and up to the 2^35-operation limit, above which the matrix is refused; so is one of more
 * than 2^27 elements. None of these computes a QR.
 */
class OrthogonalMatrixTest {
    @Test
    void theFlopCountIsTwiceTheLongSideTimesTheShortSideSquared() {
        assertEquals(2.0 * 4096 * 2048 * 2048, OrthogonalMatrix.flops(4096, 2048));
        assertEquals(2.0 * 4096 * 2048 * 2048, OrthogonalMatrix.flops(2048, 4096));
        assertEquals(0x1p35, OrthogonalMatrix.flops(4096, 2048), "2 * 2^12 * 2^22");
    }

    @Test
    void theNoteStartsAtTwoSecondsAndEndsAtTheLimit() {
        // 2 * 23,000,000 * 10^2 = 4.6e9 operations: exactly 2 s at 2.3e9 per second
        assertEquals(Optional.of("orthogonalising a 23000000 x 10 matrix on the host: about 2 s"),
                OrthogonalMatrix.announcement(23_000_000, 10));
        assertEquals(Optional.empty(), OrthogonalMatrix.announcement(22_999_999, 10), "just under 2 s");
        // 2^35 operations exactly (4096 x 2048): still computed, so still announced (about 14.9 s)
        assertEquals(Optional.of("orthogonalising a 4096 x 2048 matrix on the host: about 15 s"),
                OrthogonalMatrix.announcement(4096, 2048));
        assertEquals(Optional.empty(), OrthogonalMatrix.announcement(4097, 2048), "past the limit: refused, not announced");
    }

    @Test
    void tooManyElementsAndTooManyOperationsAreRefusedWithTheirOwnMessages() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            // 2^28 elements: over 2^27
            String elements = assertThrows(IllegalArgumentException.class, () -> OrthogonalMatrix.compute("Orthogonal",
                    Shape.of(1L << 14, 1L << 14), 1L << 14, 1L << 14, 1.0, 1, 0, cpu)).getMessage();
            assertEquals("Orthogonal shape (16384, 16384) has 268435456 elements: at most 2^27 are orthogonalised on the host", elements);
            // exactly 2^27 elements pass that check; the QR (2 * 2^14 * 2^26 = 2^41 operations) is refused
            String flops = assertThrows(IllegalArgumentException.class, () -> OrthogonalMatrix.compute("Orthogonal",
                    Shape.of(1L << 13, 1L << 14), 1L << 13, 1L << 14, 1.0, 1, 0, cpu)).getMessage();
            assertTrue(flops.startsWith("Orthogonal shape (8192, 16384) (a 8192 x 16384 matrix) needs 2.20e+12 floating-point operations"),
                    flops);
        }
    }
}
