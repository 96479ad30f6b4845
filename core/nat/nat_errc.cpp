#include "nat/nat_errc.h"

namespace ferry::core::nat {

namespace {

constexpr std::array<core::ErrorRow<NatErrc>, 3> kRows{{
    {NatErrc::Conflict, "conflict", "the router maps that port to someone else"},
    {NatErrc::NoGateway, "no_gateway", "no router that maps ports was found"},
    {NatErrc::Refused, "refused", "the router refused the mapping"},
}};

} // namespace

FERRY_ERROR_CATEGORY(natErrorCategory, "nat", kRows, NatErrc::Refused)

} // namespace ferry::core::nat
