#pragma once

#include "util/error_table.h"

namespace ferry::core::agent {

/// What can fail in agent; each code's tag and words are in agent_errc.cpp.
enum class AgentErrc {
    Stopped = 1,
    Empty,
    Envelope,
    Exists,
    Keys,
    Link,
    LinkUsed,
    Message,
    NoProfile,
    NoRelay,
    NotConnected,
    NotFailed,
    NotFound,
    Payload,
    Protocol,
    Relay,
    Stale,
    State,
    TooLong,
    Range,
    Engine,
};
FERRY_DECLARE_ERROR_CODES(AgentErrc, agentErrorCategory)

} // namespace ferry::core::agent

FERRY_ERROR_CODE_ENUM(ferry::core::agent::AgentErrc);
