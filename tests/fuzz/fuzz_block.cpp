#include "fuzz_check.h"
#include "smp/block.h"

using namespace ferry::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto items = smp::decodeBlock(ByteView(data, size));
    if (!items)
        return 0;
    // Whatever decodes must re-encode into a block that decodes to the same items.
    auto block = smp::encodeBlock(*items);
    if (block) {
        FUZZ_CHECK(block->size() == smp::kBlockSize);
        auto again = smp::decodeBlock(*block);
        FUZZ_CHECK(again && *again == *items);
    }
    return 0;
}
