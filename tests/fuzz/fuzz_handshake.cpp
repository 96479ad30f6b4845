#include "fuzz_check.h"
#include "smp/block.h"
#include "smp/handshake.h"

using namespace ferry::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ByteView input(data, size);
    if (auto hello = smp::decodeServerHelloBlock(input)) {
        auto block = smp::serverHelloBlock(*hello);
        FUZZ_CHECK(block && block->size() == smp::kBlockSize);
        auto again = smp::decodeServerHelloBlock(*block);
        FUZZ_CHECK(again && *again == *hello);
    }
    if (auto hello = smp::decodeClientHelloBlock(input)) {
        auto block = smp::clientHelloBlock(*hello);
        FUZZ_CHECK(block && block->size() == smp::kBlockSize);
        auto again = smp::decodeClientHelloBlock(*block);
        FUZZ_CHECK(again && *again == *hello);
    }
    return 0;
}
