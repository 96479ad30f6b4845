#include "relay/store/relay_store_errc.h"

namespace ferry::relay {

namespace {

constexpr std::array<core::ErrorRow<RelayStoreErrc>, 5> kRows{{
    {RelayStoreErrc::Auth, "auth", "no such queue for that key"},
    {RelayStoreErrc::Duplicate, "duplicate", "the id is taken"},
    {RelayStoreErrc::NoMessage, "no_msg", "no message"},
    {RelayStoreErrc::Failed, "failed", "the relay store failed"},
    {RelayStoreErrc::Full, "full", "the relay's storage cap is reached"},
}};

} // namespace

FERRY_ERROR_CATEGORY(relayStoreErrorCategory, "relay_store", kRows, RelayStoreErrc::Full)

} // namespace ferry::relay

namespace ferry::relay {

core::Error relayStoreFailure(const core::Error& cause) {
    return core::makeError(RelayStoreErrc::Failed, cause.message);
}

} // namespace ferry::relay
