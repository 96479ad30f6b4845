#pragma once

#include "util/error_table.h"

#include <string_view>

namespace ferry::core::directory {

/// What can fail between a directory and its relays and clients. The tag of each code is
/// also the `error` a directory answers with in JSON (docs/protocol.md, "Relay directory"),
/// so a client maps an answer back to the same code.
enum class DirectoryErrc {
    Address = 1,     ///< not a directory address
    BadRequest,      ///< malformed JSON, a missing or wrong field, a body too large
    BadSignature,    ///< the signature does not verify with the chain's leaf key
    BadChain,        ///< the chain does not lead to the fingerprint in the relay's address
    StaleChallenge,  ///< expired, or not one this directory issued
    ReusedChallenge, ///< already used
    WeakProof,       ///< the proof of work does not meet the challenge's difficulty
    Unreachable,     ///< the directory could not reach the relay at its published address
    UnknownRelay,    ///< no such relay registered
    TooManyRelays,   ///< the address registering already holds its share of listed relays
    RateLimited,     ///< too many requests; retry later
    NotFound,        ///< no such path
    Server,          ///< the directory failed on its side
    Network,         ///< the directory could not be reached or answered something unreadable
    Identity,        ///< the directory's certificate is not the one its address pins
};
FERRY_DECLARE_ERROR_CODES(DirectoryErrc, directoryErrorCategory)

/// The code for an `error` tag a directory answered with; Server for tags it does not know.
DirectoryErrc directoryErrcFromTag(std::string_view tag);

} // namespace ferry::core::directory

FERRY_ERROR_CODE_ENUM(ferry::core::directory::DirectoryErrc);
