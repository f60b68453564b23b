package dev.physmem.host;

/** The contract for {@code memory-backend-ram,share=on}, which is a memfd underneath. */
class SharedRamMemoryBackendTest extends HostMemoryBackendContract {
    @Override
    HostMemoryBackend.Builder<?> builder() {
        return HostMemoryBackend.ram().share(true);
    }
}
