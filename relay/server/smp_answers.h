#pragma once

// What the session's files (smp_session*.cpp) answer with, and the sizes they reserve.

#include "smp/error_type.h"
#include "smp/response.h"

#include <cstddef>

namespace ferry::relay::answers {

/// Queue, sender, notifier and link ids the relay chooses.
inline constexpr std::size_t kIdSize = 24;

/// Upper bound of answers that wait for the store, reserved against the connection's output
/// bound. OK, ERR, IDS and NID stay under 300 bytes at every version (IDS at v17, the largest:
/// corrId, four ids and two X25519 keys, each length-prefixed, and four Maybe tags, about 270).
inline constexpr std::size_t kSmallAnswer = 320;

inline core::smp::Response err(core::smp::ErrorType::Kind kind) {
    return core::smp::rsp::Err{core::smp::ErrorType::simple(kind)};
}

inline core::smp::Response cmdErr(core::smp::CommandError e) {
    return core::smp::rsp::Err{core::smp::ErrorType::command(e)};
}

} // namespace ferry::relay::answers
