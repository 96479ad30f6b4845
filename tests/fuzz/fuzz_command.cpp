#include "fuzz_check.h"
#include "smp/command.h"

using namespace ferry::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    const smp::Version version = smp::versions::kMinSupported + data[0] % 4;
    auto command = smp::decodeCommand(version, ByteView(data + 1, size - 1));
    if (!command)
        return 0;
    // Decoding is lenient in places (extra flag characters, an error detail the encoder
    // leaves out as the reference does), so the invariant is that the canonical encoding
    // decodes and re-encodes to itself.
    const Bytes encoded = smp::encodeCommand(version, *command);
    auto again = smp::decodeCommand(version, encoded);
    FUZZ_CHECK(again);
    FUZZ_CHECK(smp::encodeCommand(version, *again) == encoded);
    return 0;
}
