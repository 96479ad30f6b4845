// Node-service frames from hostile bytes (what a relay reads from any node on its port, and a
// node from any relay): decoding never crashes, and whatever decodes encodes back to exactly
// the same bytes.
#include "fuzz_check.h"
#include "node/node_errc.h"
#include "node/node_wire.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>

using namespace ferry::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ByteView payload(data, size);
    if (auto length = node::nodeFrameLength(payload.first(std::min<std::size_t>(size, 2))))
        FUZZ_CHECK(size >= 2 && *length >= 1 && *length <= node::kMaxFramePayload);
    auto decoded = node::decodeNodeMessage(payload);
    if (!decoded) {
        FUZZ_CHECK(decoded.error().code == node::NodeErrc::Syntax);
        return 0;
    }
    const Bytes encoded = node::encodeNodeMessage(*decoded);
    FUZZ_CHECK(encoded == Bytes(payload.begin(), payload.end()));
    const Bytes framed = node::frameNodeMessage(*decoded);
    FUZZ_CHECK(framed.size() == encoded.size() + 2);
    return 0;
}
