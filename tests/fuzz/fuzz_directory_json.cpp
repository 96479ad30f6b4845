// The directory's JSON bodies from hostile text (what a directory reads from any relay or
// client, and a client from any directory): every decoder gets the same input, none crashes,
// each refusal is BadRequest with words, and whatever decodes encodes to a body that decodes
// again to the same value (listings: the same after the encoder's rounding of score and
// uptime, so the second encoding equals the first).
#include "directory/directory_errc.h"
#include "directory/directory_wire.h"
#include "fuzz_check.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

using namespace ferry::core;
using namespace ferry::core::directory;

namespace {

template <typename T> bool refused(const Result<T>& decoded) {
    if (decoded)
        return false;
    FUZZ_CHECK(decoded.error().code == DirectoryErrc::BadRequest);
    FUZZ_CHECK(!decoded.error().message.empty());
    return true;
}

void checkSignedPayload(std::string_view text) {
    auto decoded = decodeSignedPayload(text);
    if (refused(decoded))
        return;
    FUZZ_CHECK(decoded->chain.size() <= 4);
    auto again = decodeSignedPayload(encodeSignedPayload(*decoded));
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again->payload == decoded->payload);
    FUZZ_CHECK(again->signature == decoded->signature);
    FUZZ_CHECK(again->chain == decoded->chain);
    FUZZ_CHECK(again->proof == decoded->proof);
}

void checkRegistration(std::string_view text) {
    auto decoded = decodeRegistration(text);
    if (refused(decoded))
        return;
    FUZZ_CHECK(decoded->versions.min >= 1 && decoded->versions.min <= decoded->versions.max);
    const std::string encoded = encodeRegistration(*decoded);
    auto again = decodeRegistration(encoded);
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(*again == *decoded);
    FUZZ_CHECK(encodeRegistration(*again) == encoded);
}

void checkHeartbeat(std::string_view text) {
    auto decoded = decodeHeartbeat(text);
    if (refused(decoded))
        return;
    auto again = decodeHeartbeat(encodeHeartbeat(*decoded));
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again->fingerprint == decoded->fingerprint);
    FUZZ_CHECK(again->challenge == decoded->challenge);
    FUZZ_CHECK(again->signedAt == decoded->signedAt);
}

void checkChallenge(std::string_view text) {
    auto decoded = decodeChallenge(text);
    if (refused(decoded))
        return;
    auto again = decodeChallenge(encodeChallenge(*decoded));
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again->challenge == decoded->challenge);
    FUZZ_CHECK(again->difficulty == decoded->difficulty);
    FUZZ_CHECK(again->expiresInSeconds == decoded->expiresInSeconds);
}

// Score and uptime are rounded to 3 decimals by the encoder, so compare them within that and
// everything else exactly.
void checkSameRelay(const ListedRelay& a, const ListedRelay& b) {
    FUZZ_CHECK(a.address == b.address && a.fingerprint == b.fingerprint && a.state == b.state);
    FUZZ_CHECK(a.score >= 0 && a.score <= 1 && a.uptime >= 0 && a.uptime <= 1);
    FUZZ_CHECK(a.score - b.score <= 0.0005 && b.score - a.score <= 0.0005);
    FUZZ_CHECK(a.uptime - b.uptime <= 0.0005 && b.uptime - a.uptime <= 0.0005);
    FUZZ_CHECK(a.rttMs == b.rttMs && a.heartbeatSeconds == b.heartbeatSeconds);
    FUZZ_CHECK(a.lastProbe == b.lastProbe && a.listedSince == b.listedSince);
    FUZZ_CHECK(a.versions.min == b.versions.min && a.versions.max == b.versions.max);
    FUZZ_CHECK(a.policy == b.policy && a.region == b.region);
}

void checkListedRelay(std::string_view text) {
    auto decoded = decodeListedRelay(text);
    if (refused(decoded))
        return;
    const std::string encoded = encodeListedRelay(*decoded);
    auto again = decodeListedRelay(encoded);
    FUZZ_CHECK(again.ok());
    checkSameRelay(*decoded, *again);
    FUZZ_CHECK(encodeListedRelay(*again) == encoded);
}

void checkRelayList(std::string_view text) {
    auto decoded = decodeRelayList(text);
    if (refused(decoded))
        return;
    const std::string encoded = encodeRelayList(*decoded);
    auto again = decodeRelayList(encoded);
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again->size() == decoded->size());
    for (std::size_t i = 0; i < decoded->size(); ++i)
        checkSameRelay((*decoded)[i], (*again)[i]);
    FUZZ_CHECK(encodeRelayList(*again) == encoded);
}

void checkRegistrationPage(std::string_view text) {
    auto decoded = decodeRegistrationPage(text);
    if (refused(decoded))
        return;
    FUZZ_CHECK(decoded->registrations.size() <= kMaxRegistrationPage);
    const std::string encoded = encodeRegistrationPage(*decoded);
    auto again = decodeRegistrationPage(encoded);
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again->next == decoded->next);
    FUZZ_CHECK(again->registrations.size() == decoded->registrations.size());
    FUZZ_CHECK(encodeRegistrationPage(*again) == encoded);
}

void checkErrorBody(std::string_view text) {
    const Error error = decodeErrorBody(text, 400);
    FUZZ_CHECK(error.code.category() == directoryErrorCategory());
    const Error again = decodeErrorBody(encodeErrorBody(error), 500);
    FUZZ_CHECK(again.code == error.code);
    FUZZ_CHECK(again.message == error.message);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    checkSignedPayload(text);
    checkRegistration(text);
    checkHeartbeat(text);
    checkChallenge(text);
    checkListedRelay(text);
    checkRelayList(text);
    checkRegistrationPage(text);
    checkErrorBody(text);
    return 0;
}
