#include "crypto/x3dh.h"

#include "crypto/crypto_errc.h"
#include "crypto/hash.h"

#include <algorithm>
#include <utility>

namespace ferry::core::crypto {

namespace {

constexpr std::size_t kSha512ZeroSaltSize = kSha512Size;

// Signal's X3DH §2.2: for X25519 the KDF input starts with 32 0xFF bytes, so it can never be
// mistaken for a prefix of some other protocol's DH input.
constexpr std::size_t kDomainPrefixSize = 32;

Result<void> checkPublicKeys(const X3dhPublicKeys& keys) {
    if (keys.identityKey.size() != kX25519KeySize || keys.oneTimeKey.size() != kX25519KeySize) {
        return makeError(CryptoErrc::X3dh, "X3DH public keys must be 32 bytes each");
    }
    if (equal(keys.identityKey, keys.oneTimeKey)) {
        return makeError(CryptoErrc::X3dh, "X3DH identity and one-time keys must differ");
    }
    return {};
}

// KM = 0xFF*32 ‖ DH1 ‖ DH2 ‖ DH3, then HKDF-SHA512(salt = 64 zero bytes, KM, "FerryX3DH", 96)
// = SK ‖ HKa ‖ NHKb. The caller passes the DH outputs in protocol order.
Result<X3dhResult> derive(const SecretBytes& dh1, const SecretBytes& dh2, const SecretBytes& dh3,
                          ByteView joinerIdentity, ByteView inviterIdentity, bool joiner) {
    SecretBytes km(kDomainPrefixSize + dh1.size() + dh2.size() + dh3.size());
    std::uint8_t* out = km.data();
    out = std::fill_n(out, kDomainPrefixSize, std::uint8_t{0xFF});
    out = std::copy(dh1.view().begin(), dh1.view().end(), out);
    out = std::copy(dh2.view().begin(), dh2.view().end(), out);
    std::copy(dh3.view().begin(), dh3.view().end(), out);

    const Bytes salt(kSha512ZeroSaltSize, 0);
    auto okm = hkdfSha512(salt, km.view(), asBytes(kX3dhInfo), 3 * kX3dhKeySize);
    if (!okm) {
        return okm.error();
    }
    const ByteView all = okm->view();
    SecretBytes hka(all.subspan(kX3dhKeySize, kX3dhKeySize));
    SecretBytes nhkb(all.subspan(2 * kX3dhKeySize, kX3dhKeySize));

    X3dhResult result;
    result.rootKey = SecretBytes(all.first(kX3dhKeySize));
    result.sendHeaderKey = joiner ? hka : nhkb;
    result.receiveHeaderKey = joiner ? std::move(nhkb) : std::move(hka);
    result.associatedData.reserve(2 * kX25519KeySize);
    append(result.associatedData, joinerIdentity);
    append(result.associatedData, inviterIdentity);
    return result;
}

} // namespace

X3dhKeyPairs X3dhKeyPairs::generate() {
    return X3dhKeyPairs{X25519KeyPair::generate(), X25519KeyPair::generate()};
}

X3dhPublicKeys X3dhKeyPairs::publicKeys() const {
    return X3dhPublicKeys{identity.publicKeyRaw(), oneTime.publicKeyRaw()};
}

// Joiner = Signal's Alice with IK_A = identity, EK_A = oneTime; inviter = Bob with IK_B =
// identity and its one-time pre-key in the role of SPK_B:
//   DH1 = DH(IK_A, SPK_B)  DH2 = DH(EK_A, IK_B)  DH3 = DH(EK_A, SPK_B)
// A separate DH4 adds nothing here: the pre-key is already used once only.
Result<X3dhResult> x3dhJoiner(const X3dhKeyPairs& own, const X3dhPublicKeys& inviter) {
    if (auto checked = checkPublicKeys(inviter); !checked) {
        return checked.error();
    }
    auto dh1 = own.identity.dh(inviter.oneTimeKey);
    auto dh2 = own.oneTime.dh(inviter.identityKey);
    auto dh3 = own.oneTime.dh(inviter.oneTimeKey);
    if (!dh1 || !dh2 || !dh3) {
        return makeError(CryptoErrc::X3dh, "X3DH key agreement failed: invalid peer key");
    }
    return derive(*dh1, *dh2, *dh3, own.identity.publicKeyRaw(), inviter.identityKey, true);
}

Result<X3dhResult> x3dhInviter(const X3dhKeyPairs& own, const X3dhPublicKeys& joiner) {
    if (auto checked = checkPublicKeys(joiner); !checked) {
        return checked.error();
    }
    auto dh1 = own.oneTime.dh(joiner.identityKey);
    auto dh2 = own.identity.dh(joiner.oneTimeKey);
    auto dh3 = own.oneTime.dh(joiner.oneTimeKey);
    if (!dh1 || !dh2 || !dh3) {
        return makeError(CryptoErrc::X3dh, "X3DH key agreement failed: invalid peer key");
    }
    return derive(*dh1, *dh2, *dh3, joiner.identityKey, own.identity.publicKeyRaw(), false);
}

} // namespace ferry::core::crypto
