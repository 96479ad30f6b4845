#pragma once

#include "crypto/secret_bytes.h"
#include "crypto/x25519_key_pair.h"
#include "util/bytes.h"
#include "util/result.h"

#include <cstddef>
#include <string_view>

namespace ferry::core::crypto {

/// HKDF info string of the X3DH key derivation.
inline constexpr std::string_view kX3dhInfo = "FerryX3DH";
/// Length of SK and of each header key produced by X3DH.
inline constexpr std::size_t kX3dhKeySize = 32;

/// The public halves one party sends: in the invitation link (inviter) or the confirmation
/// (joiner). Each is a raw 32-byte X25519 public key.
struct X3dhPublicKeys {
    Bytes identityKey; ///< per-connection "identity" key (Ferry has no long-term identities)
    Bytes oneTimeKey;  ///< one-time pre-key (inviter) or ephemeral key (joiner)
};

/// One party's two X3DH key pairs, generated fresh for every invitation / join.
struct X3dhKeyPairs {
    X25519KeyPair identity;
    X25519KeyPair oneTime;

    static X3dhKeyPairs generate();
    X3dhPublicKeys publicKeys() const;
};

/// What X3DH hands to the double ratchet, seen from one side.
///
/// The joiner is the ratchet's "Alice" (it sends first: its confirmation carries the first
/// ratchet message); the inviter is "Bob", whose initial ratchet key pair is its one-time pre-key.
/// In Signal's §4 names: the joiner gets sendHeaderKey = shared_hka (its HKs) and
/// receiveHeaderKey = shared_nhkb (its NHKr); the inviter gets sendHeaderKey = shared_nhkb (its
/// NHKs) and receiveHeaderKey = shared_hka (its NHKr).
struct X3dhResult {
    SecretBytes rootKey;          ///< SK, the first root key
    SecretBytes sendHeaderKey;    ///< joiner: HKs; inviter: NHKs
    SecretBytes receiveHeaderKey; ///< joiner: NHKr; inviter: NHKr
    Bytes associatedData;         ///< AD = joiner identity key ‖ inviter identity key (64 bytes)
};

/// The joiner's side: its own fresh key pairs and the inviter's keys from the link.
Result<X3dhResult> x3dhJoiner(const X3dhKeyPairs& own, const X3dhPublicKeys& inviter);
/// The inviter's side: the key pairs it put in the link and the joiner's keys from the
/// confirmation.
Result<X3dhResult> x3dhInviter(const X3dhKeyPairs& own, const X3dhPublicKeys& joiner);

} // namespace ferry::core::crypto
