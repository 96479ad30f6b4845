#include "fuzz_check.h"
#include "smp/block.h"
#include "smp/forwarding.h"

using namespace ferry::core;

// The decoders a destination relay runs on what a proxy forwards (RFWD) and a proxy on what
// comes back (RRES); the first byte picks one.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    const ByteView input(data + 1, size - 1);
    switch (data[0] % 3) {
    case 0:
        if (auto t = smp::decodeFwdTransmission(input)) {
            auto again = smp::decodeFwdTransmission(smp::encodeFwdTransmission(*t));
            FUZZ_CHECK(again && *again == *t);
        }
        break;
    case 1:
        if (auto r = smp::decodeFwdResponse(input)) {
            auto again = smp::decodeFwdResponse(smp::encodeFwdResponse(*r));
            FUZZ_CHECK(again && *again == *r);
        }
        break;
    default:
        if (auto items = smp::decodeBatch(input)) {
            auto batch = smp::encodeBatch(*items, smp::kProxiedTransmissionSize - 2);
            if (batch) {
                auto again = smp::decodeBatch(*batch);
                FUZZ_CHECK(again && *again == *items);
            }
        }
        break;
    }
    return 0;
}
