// What a directory and its clients read as text from strangers: the query string of
// GET /v1/relays and a directory address. Parsing never crashes, refusals carry a code and
// words, a parsed query formats to a target whose query parses back to the same query, and a
// parsed address formats to a text that parses back to the same address and prints the same.
#include "directory/directory_address.h"
#include "directory/directory_errc.h"
#include "directory/directory_wire.h" // kMaxRegionLength
#include "directory/relay_query.h"
#include "fuzz_check.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

using namespace ferry::core;
using namespace ferry::core::directory;

namespace {

void checkRelayQuery(std::string_view text) {
    auto parsed = parseRelayQuery(text);
    if (!parsed) {
        FUZZ_CHECK(parsed.error().code == DirectoryErrc::BadRequest);
        FUZZ_CHECK(!parsed.error().message.empty());
        return;
    }
    FUZZ_CHECK(parsed->count >= 1 && parsed->count <= kMaxRelayCount);
    FUZZ_CHECK(parsed->region.size() <= kMaxRegionLength);
    FUZZ_CHECK(parsed->excludeFingerprints.size() <= kMaxExcludedRelays);
    constexpr std::string_view kPath = "/v1/relays?";
    const std::string target = formatRelayQueryTarget(*parsed);
    FUZZ_CHECK(target.starts_with(kPath));
    auto reparsed = parseRelayQuery(std::string_view(target).substr(kPath.size()));
    FUZZ_CHECK(reparsed.ok());
    FUZZ_CHECK(*reparsed == *parsed);
    FUZZ_CHECK(formatRelayQueryTarget(*reparsed) == target);
}

void checkDirectoryAddress(std::string_view text) {
    auto parsed = parseDirectoryAddress(text);
    if (!parsed) {
        FUZZ_CHECK(parsed.error().code == DirectoryErrc::Address);
        FUZZ_CHECK(!parsed.error().message.empty());
        return;
    }
    FUZZ_CHECK(!parsed->host.empty() && parsed->port != 0);
    const std::string printed = formatDirectoryAddress(*parsed);
    auto reparsed = parseDirectoryAddress(printed);
    FUZZ_CHECK(reparsed.ok());
    FUZZ_CHECK(*reparsed == *parsed);
    FUZZ_CHECK(formatDirectoryAddress(*reparsed) == printed);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    checkRelayQuery(text);
    checkDirectoryAddress(text);
    return 0;
}
