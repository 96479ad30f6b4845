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
    const Bytes encoded = smp::encodeResponse(version, *response);
    auto again = smp::decodeResponse(version, encoded);
    FUZZ_CHECK(again && *again == *response);
    return 0;
}
