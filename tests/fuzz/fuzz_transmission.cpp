#include "fuzz_check.h"
#include "smp/transmission.h"

using namespace ferry::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    // The first byte picks the version so both wire layouts (v6 and v7+) are fuzzed.
    const smp::Version version = data[0] % 2 ? 6 : 7;
    auto t = smp::decodeTransmission(version, ByteView(data + 1, size - 1));
    if (!t)
        return 0;
    const Bytes encoded = smp::encodeTransmission(version, *t);
    FUZZ_CHECK(equal(encoded, ByteView(data + 1, size - 1)));
    return 0;
}
