#pragma once

#include "crypto/public_key.h"
#include "crypto/signing_key.h"
#include "smp/version.h"
#include "util/bytes.h"
#include "util/result.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// The JSON bodies a directory and its relays and clients exchange (docs/protocol.md,
/// "Relay directory"). Every decoder takes hostile text: Boost.JSON parses it, with limits on
/// size and depth, and each field is checked for type and range; any fault is
/// DirectoryErrc::BadRequest naming the field.
namespace ferry::core::directory {

/// The largest body a directory reads or a client accepts, apart from relay listings.
inline constexpr std::size_t kMaxRequestBytes = 16 * 1024;
/// A region hint: 1 to 32 of [a-z0-9-], e.g. "eu-west".
inline constexpr std::size_t kMaxRegionLength = 32;

/// What a relay promises to whoever uses it.
struct RelayPolicy {
    std::uint64_t storageCapBytes = 0; ///< 0: not said
    bool acceptsNewQueues = true;
    bool proxy = true;   ///< serves as a private routing proxy
    bool tunnel = false; ///< offers the node service's reverse tunnels
    bool checks = false; ///< dials nodes back for their reachability checks (node service)
    bool operator==(const RelayPolicy&) const = default;
};

/// A relay's registration, signed by its online key. `challenge` binds it to one request.
struct Registration {
    std::string address; ///< smp://<fingerprint>@host:port, without a password
    smp::VersionRange versions;
    RelayPolicy policy;
    std::string region; ///< empty: none given
    std::string challenge;
    std::int64_t signedAt = 0; ///< Unix seconds, the relay's clock
    bool operator==(const Registration&) const = default;
};

/// "Still here": a registered relay's signed heartbeat over a fresh challenge.
struct Heartbeat {
    std::string fingerprint; ///< base64url, as in the address
    std::string challenge;
    std::int64_t signedAt = 0;
};

std::string encodeRegistration(const Registration& registration);
/// Also checks the address is an smp:// address with exactly one fingerprint and no password.
Result<Registration> decodeRegistration(std::string_view json);
std::string encodeHeartbeat(const Heartbeat& heartbeat);
Result<Heartbeat> decodeHeartbeat(std::string_view json);

/// A payload (the exact JSON text of a Registration or Heartbeat) with its signature, the
/// signer's certificate chain [online, CA] (registrations only) and the proof of work
/// (registrations only). The exact text is signed, so no JSON canonicalization is needed
/// and a peer directory re-verifies what it copied byte for byte.
struct SignedPayload {
    std::string payload;
    std::vector<Bytes> chain;
    Bytes signature;
    std::uint64_t proof = 0;
};

enum class PayloadKind { Registration, Heartbeat };
/// What is signed: "ferry-directory/1 registration\n" or "... heartbeat\n", then the payload,
/// so a signature of one kind never passes as the other.
Bytes signedBytes(PayloadKind kind, std::string_view payload);

std::string encodeSignedPayload(const SignedPayload& signedPayload);
Result<SignedPayload> decodeSignedPayload(std::string_view json);

/// Signs a payload with `sign` (the relay's online key); the chain is attached as given.
Result<SignedPayload> signPayload(PayloadKind kind, std::string payload,
                                  const std::function<Result<Bytes>(ByteView)>& sign,
                                  std::vector<Bytes> chain = {});

/// A registration that verified: its chain leads to the fingerprint in its address and the
/// chain's leaf signed it.
struct VerifiedRegistration {
    Registration registration;
    Bytes fingerprint;
    crypto::PublicKey signingKey; ///< the leaf's key, which heartbeats must be signed with
};
/// BadRequest, BadChain or BadSignature. Neither the challenge nor the proof is checked here:
/// the directory that issued the challenge does that.
Result<VerifiedRegistration> verifyRegistration(const SignedPayload& signedPayload);
/// Whether a heartbeat's signature verifies with a registered relay's key.
bool verifyHeartbeat(const SignedPayload& signedPayload, const crypto::PublicKey& signingKey);

/// GET /v1/challenge's answer.
struct Challenge {
    std::string challenge;
    unsigned difficulty = 0;
    std::uint32_t expiresInSeconds = 0;
};
std::string encodeChallenge(const Challenge& challenge);
Result<Challenge> decodeChallenge(std::string_view json);

/// How a directory sees one relay (GET /v1/relays, /v1/relays/<fingerprint>).
struct ListedRelay {
    std::string address;
    std::string fingerprint;
    std::string state; ///< "probation", "listed", "down"
    double score = 0;  ///< 0..1, docs/protocol.md says how it is made
    double uptime = 0; ///< 0..1, share of recent probes answered
    std::optional<std::uint32_t> rttMs;
    std::int64_t lastProbe = 0; ///< Unix seconds of the last successful probe; 0 none
    std::int64_t listedSince = 0;
    smp::VersionRange versions;
    RelayPolicy policy;
    std::string region;
    /// Only in the answers to a registration or heartbeat: when the directory wants the next
    /// heartbeat (80% of its TTL).
    std::optional<std::uint32_t> heartbeatSeconds;
};
std::string encodeListedRelay(const ListedRelay& relay);
std::string encodeRelayList(const std::vector<ListedRelay>& relays);
Result<ListedRelay> decodeListedRelay(std::string_view json);
Result<std::vector<ListedRelay>> decodeRelayList(std::string_view json);

/// GET /v1/registrations?after=&count=: the signed registrations of the relays a directory
/// lists, by fingerprint order, a page at a time, for peer directories to verify and probe
/// themselves (federation).
inline constexpr unsigned kMaxRegistrationPage = 200;
struct RegistrationPage {
    std::vector<SignedPayload> registrations;
    std::string next; ///< the fingerprint to ask `after` for the next page; empty: the last
};
std::string encodeRegistrationPage(const RegistrationPage& page);
Result<RegistrationPage> decodeRegistrationPage(std::string_view json);

/// A directory's error answer: {"error":"<tag>","message":"..."}.
std::string encodeErrorBody(const Error& error);
/// The error in an answer body; Network when the body is not such an answer.
Error decodeErrorBody(std::string_view json, unsigned httpStatus);

} // namespace ferry::core::directory
