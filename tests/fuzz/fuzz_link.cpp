// Ferry links from hostile text (a pasted link, a scanned QR code) and link data from a hostile
// relay: parsing never crashes; whatever parses prints to a text that parses back and prints
// identically again; link data that was not sealed with the key never opens.
#include "agent/agent_protocol.h"
#include "fuzz_check.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

using namespace ferry::core;
using namespace ferry::core::agent;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto parsed = parseLink(text);
    if (parsed) {
        const std::string printed = formatLink(*parsed);
        auto reparsed = parseLink(printed);
        FUZZ_CHECK(reparsed.ok());
        FUZZ_CHECK(reparsed->index() == parsed->index());
        FUZZ_CHECK(formatLink(*reparsed) == printed);
    } else {
        FUZZ_CHECK(!parsed.error().message.empty());
    }
    const Bytes key(kLinkKeySize, 0x5a);
    auto opened = openLinkData(key, smp::QueueLinkData{Bytes(data, data + size), {}});
    FUZZ_CHECK(!opened);
    return 0;
}
