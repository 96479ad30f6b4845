#include "agent/agent_errc.h"

namespace ferry::core::agent {

namespace {

constexpr std::array<core::ErrorRow<AgentErrc>, 21> kRows{{
    {AgentErrc::Stopped, "stopped", "the engine has stopped"},
    {AgentErrc::Empty, "empty", "nothing to send"},
    {AgentErrc::Envelope, "envelope", "malformed message envelope"},
    {AgentErrc::Exists, "exists", "it exists already"},
    {AgentErrc::Keys, "keys", "malformed or missing keys"},
    {AgentErrc::Link, "link", "malformed link"},
    {AgentErrc::LinkUsed, "link_used", "the link was used already"},
    {AgentErrc::Message, "message", "malformed message"},
    {AgentErrc::NoProfile, "no_profile", "no profile"},
    {AgentErrc::NoRelay, "no_relay", "no relay to create queues on"},
    {AgentErrc::NotConnected, "not_connected", "the contact is not connected"},
    {AgentErrc::NotFailed, "not_failed", "the message has not failed"},
    {AgentErrc::NotFound, "not_found", "not found"},
    {AgentErrc::Payload, "payload", "malformed payload"},
    {AgentErrc::Protocol, "protocol", "the contact broke the protocol"},
    {AgentErrc::Relay, "relay", "the relay refused the request"},
    {AgentErrc::Stale, "stale", "the message is older than the conversation state"},
    {AgentErrc::State, "state", "not possible in the current state"},
    {AgentErrc::TooLong, "too_long", "too long"},
    {AgentErrc::Range, "range", "a setting outside what it may be"},
    {AgentErrc::Engine, "engine", "the engine failed"},
}};

} // namespace

FERRY_ERROR_CATEGORY(agentErrorCategory, "agent", kRows, AgentErrc::Engine)

} // namespace ferry::core::agent
