#include "directory/directory_errc.h"

namespace ferry::core::directory {

namespace {

constexpr std::array<core::ErrorRow<DirectoryErrc>, 15> kRows{{
    {DirectoryErrc::Address, "address", "not a directory address"},
    {DirectoryErrc::BadRequest, "bad_request", "the request is malformed"},
    {DirectoryErrc::BadSignature, "bad_signature", "the signature does not verify"},
    {DirectoryErrc::BadChain, "bad_chain",
     "the certificate chain does not belong to the relay's address"},
    {DirectoryErrc::StaleChallenge, "stale_challenge", "the challenge is expired or unknown"},
    {DirectoryErrc::ReusedChallenge, "reused_challenge", "the challenge was used already"},
    {DirectoryErrc::WeakProof, "weak_proof", "the proof of work is too weak"},
    {DirectoryErrc::Unreachable, "unreachable",
     "the directory could not reach the relay at its address"},
    {DirectoryErrc::UnknownRelay, "unknown_relay", "no such relay is registered"},
    {DirectoryErrc::TooManyRelays, "too_many_relays",
     "this network address registered its share of relays"},
    {DirectoryErrc::RateLimited, "rate_limited", "too many requests; try again later"},
    {DirectoryErrc::NotFound, "not_found", "no such resource"},
    {DirectoryErrc::Server, "server", "the directory failed"},
    {DirectoryErrc::Network, "network", "the directory could not be reached"},
    {DirectoryErrc::Identity, "identity", "the directory's identity does not match its address"},
}};

} // namespace

FERRY_ERROR_CATEGORY(directoryErrorCategory, "directory", kRows, DirectoryErrc::Identity)

DirectoryErrc directoryErrcFromTag(std::string_view tag) {
    for (const auto& row : kRows)
        if (tag == row.tag)
            return row.code;
    return DirectoryErrc::Server;
}

} // namespace ferry::core::directory
