// Server addresses and queue URIs from hostile text (and the binary server form from hostile
// bytes): parsing never crashes, and whatever parses prints to a text that parses back to the
// same value and prints identically again.
#include "fuzz_check.h"
#include "smp/decoder.h"
#include "smp/queue_uri.h"
#include "smp/server_address.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

using namespace ferry::core;
using namespace ferry::core::smp;

namespace {

void checkBinary(const ServerAddress& server) {
    ServerAddress withoutAuth = server;
    withoutAuth.basicAuth.reset(); // the password is not part of the binary form
    Bytes bytes = encodeServerAddress(withoutAuth);
    auto decoded = decodeServerAddress(bytes);
    FUZZ_CHECK(decoded.ok());
    FUZZ_CHECK(*decoded == withoutAuth);
    FUZZ_CHECK(encodeServerAddress(*decoded) == bytes);
}

void checkServerAddress(std::string_view text) {
    auto parsed = parseServerAddress(text);
    if (!parsed) {
        FUZZ_CHECK(!parsed.error().message.empty());
        return;
    }
    FUZZ_CHECK(!parsed->hosts.empty() && parsed->keyHash.size() == kKeyHashSize);
    std::string printed = formatServerAddress(*parsed);
    auto reparsed = parseServerAddress(printed);
    FUZZ_CHECK(reparsed.ok());
    FUZZ_CHECK(*reparsed == *parsed);
    FUZZ_CHECK(formatServerAddress(*reparsed) == printed);
    checkBinary(*parsed);
}

void checkQueueUri(std::string_view text) {
    auto parsed = parseQueueUri(text);
    if (!parsed) {
        FUZZ_CHECK(!parsed.error().message.empty());
        return;
    }
    FUZZ_CHECK(!parsed->server.basicAuth &&
               parsed->dhKey.algorithm == crypto::KeyAlgorithm::X25519);
    std::string printed = formatQueueUri(*parsed);
    auto reparsed = parseQueueUri(printed);
    FUZZ_CHECK(reparsed.ok());
    FUZZ_CHECK(*reparsed == *parsed);
    FUZZ_CHECK(formatQueueUri(*reparsed) == printed);
    checkBinary(parsed->server);
}

void checkBinaryInput(ByteView bytes) {
    auto decoded = decodeServerAddress(bytes);
    if (!decoded)
        return;
    // A binary form may spell a port or host non-canonically ("05223", "[::1]"): compare
    // values after one round, then bytes.
    checkBinary(*decoded);
    auto text = parseServerAddress(formatServerAddress(*decoded));
    FUZZ_CHECK(text.ok());
    FUZZ_CHECK(*text == *decoded);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    checkServerAddress(text);
    checkQueueUri(text);
    checkBinaryInput(ByteView(data, size));
    return 0;
}
