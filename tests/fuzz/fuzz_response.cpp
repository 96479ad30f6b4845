#include "fuzz_check.h"
#include "smp/response.h"

using namespace ferry::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    const smp::Version version = smp::versions::kMinSupported + data[0] % 4;
    auto response = smp::decodeResponse(version, ByteView(data + 1, size - 1));
    if (!response)
        return 0;
    // Decoding is lenient in places (extra flag characters, an error detail the encoder
    // leaves out as the reference does), so the invariant is that the canonical encoding
    // decodes and re-encodes to itself.
    const Bytes encoded = smp::encodeResponse(version, *response);
    auto again = smp::decodeResponse(version, encoded);
    FUZZ_CHECK(again);
    FUZZ_CHECK(smp::encodeResponse(version, *again) == encoded);
    return 0;
}
