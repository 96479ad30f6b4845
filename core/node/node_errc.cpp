#include "node/node_errc.h"

namespace ferry::core::node {

namespace {

constexpr std::array<core::ErrorRow<NodeErrc>, 7> kRows{{
    {NodeErrc::Identity, "identity", "the relay's identity does not match its address"},
    {NodeErrc::Network, "network", "the node service could not be reached"},
    {NodeErrc::Syntax, "syntax", "malformed node-service message"},
    {NodeErrc::Refused, "refused", "the node service refused the request"},
    {NodeErrc::Timeout, "timeout", "the node service did not answer in time"},
    {NodeErrc::Config, "config", "invalid node configuration"},
    {NodeErrc::Internal, "internal", "internal error"},
}};

} // namespace

FERRY_ERROR_CATEGORY(nodeErrorCategory, "node", kRows, NodeErrc::Internal)

} // namespace ferry::core::node
