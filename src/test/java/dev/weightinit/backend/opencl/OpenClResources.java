package dev.weightinit.backend.opencl;

/** What an {@link OpenClBackend} holds now, for the tests that check nothing leaks. */
final class OpenClResources {
    private OpenClResources() {
    }

    /** Device buffers the backend holds, its own staging buffers included. */
    static long liveBuffers(OpenClBackend backend) {
        return backend.allocator().liveBuffers();
    }

    /** Staging buffers the backend holds (0 to 2; none on devices that fill host memory in place). */
    static int stagingBuffers(OpenClBackend backend) {
        return backend.staging().held();
    }

    /** Pinned host buffers handed out and not yet released. */
    static int pinnedHostBuffers(OpenClBackend backend) {
        return backend.hostMemory().live();
    }

    /** In-place host buffers (each with its USE_HOST_PTR buffer) handed out and not yet released. */
    static int inPlaceHostBuffers(OpenClBackend backend) {
        return backend.hostMemory().liveInPlace();
    }
}
