/*
 * Write-bandwidth ceilings of a device (bench): the simplest kernels that store a value into
 * every element of a buffer, scalar and vector, so that a generation rate can be compared with
 * what the device itself writes rather than with its driver's fill routine.
 *   wi_write1:  out[i] = v              (uint)
 *   wi_write4:  vstore4 of (v, v, v, v)  (uint4 per work-item)
 *   wi_write16: vstore16                 (uint16 per work-item)
 * n is the number of work-items' stores (uints for wi_write1, vectors for the others).
 */
__kernel void wi_write1(__global uint *out, ulong n, uint v) {
    size_t i = get_global_id(0);
    if (i < n) {
        out[i] = v;
    }
}

__kernel void wi_write4(__global uint *out, ulong n, uint v) {
    size_t i = get_global_id(0);
    if (i < n) {
        vstore4((uint4) (v), i, out);
    }
}

__kernel void wi_write16(__global uint *out, ulong n, uint v) {
    size_t i = get_global_id(0);
    if (i < n) {
        vstore16((uint16) (v), i, out);
    }
}
