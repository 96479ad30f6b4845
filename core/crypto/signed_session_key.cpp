#include "crypto/signed_session_key.h"

#include "crypto/crypto_errc.h"
#include "crypto/der_reader.h"
#include "crypto/signature.h"

namespace ferry::core::crypto {

namespace {

constexpr std::uint8_t kSequence = 0x30;
constexpr std::uint8_t kBitString = 0x03;

// DER tag + length header (short or long form) followed by `contents`.
Bytes derWrap(std::uint8_t tag, ByteView contents) {
    Bytes out{tag};
    const std::size_t n = contents.size();
    if (n < 0x80) {
        out.push_back(static_cast<std::uint8_t>(n));
    } else if (n < 0x100) {
        out.push_back(0x81);
        out.push_back(static_cast<std::uint8_t>(n));
    } else {
        out.push_back(0x82);
        out.push_back(static_cast<std::uint8_t>(n >> 8));
        out.push_back(static_cast<std::uint8_t>(n & 0xff));
    }
    append(out, contents);
    return out;
}

// AlgorithmIdentifier for pure EdDSA: SEQUENCE { OID 1.3.101.112/113 } with absent parameters
// (RFC 8410 §3; the x509 library rejects a NULL parameter for EdDSA).
Bytes eddsaAlgorithm(KeyAlgorithm algorithm) {
    const std::uint8_t last = algorithm == KeyAlgorithm::Ed448 ? 0x71 : 0x70;
    return {0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, last};
}

} // namespace

Result<Bytes> makeSignedKey(const SigningKey& signer, const PublicKey& key) {
    if (key.raw.size() != rawKeySize(key.algorithm)) {
        return makeError(CryptoErrc::Key, "public key has the wrong length");
    }
    const Bytes object = derWrap(kSequence, encodeSpki(key));
    auto signature = signer.sign(object);
    if (!signature) {
        return signature.error();
    }
    Bytes bits{0x00}; // no unused bits
    append(bits, *signature);
    Bytes body = object;
    append(body, eddsaAlgorithm(signer.algorithm()));
    append(body, derWrap(kBitString, bits));
    return derWrap(kSequence, body);
}

Result<PublicKey> verifySignedKey(const PublicKey& signer, ByteView der) {
    if (!signer.isSigningKey()) {
        return makeError(CryptoErrc::SignedKey, "signer key cannot sign");
    }
    DerReader outer(der);
    auto signedSeq = outer.read(kSequence);
    if (!signedSeq || !outer.atEnd()) {
        return makeError(CryptoErrc::SignedKey, "signed key is not one DER SEQUENCE");
    }
    DerReader fields(signedSeq->contents);
    auto object = fields.read(kSequence);
    auto algorithm = object ? fields.read(kSequence) : Result<DerElement>(object.error());
    auto bits = algorithm ? fields.read(kBitString) : Result<DerElement>(algorithm.error());
    if (!bits || !fields.atEnd()) {
        return makeError(CryptoErrc::SignedKey, "malformed signed key structure");
    }
    if (!equal(algorithm->whole, eddsaAlgorithm(signer.algorithm))) {
        return makeError(CryptoErrc::SignedKey,
                         "signature algorithm does not match the certificate key");
    }
    const ByteView bitString = bits->contents;
    if (bitString.empty() || bitString[0] != 0x00) {
        return makeError(CryptoErrc::SignedKey, "malformed signature BIT STRING");
    }
    if (!verifySignature(signer, object->whole, bitString.subspan(1))) {
        return makeError(CryptoErrc::SignedKey, "bad signature on the server session key");
    }
    // The object is the SPKI wrapped in one more SEQUENCE (see the header).
    DerReader inner(object->contents);
    auto spki = inner.read(kSequence);
    if (!spki || !inner.atEnd()) {
        return makeError(CryptoErrc::SignedKey,
                         "signed object is not a wrapped SubjectPublicKeyInfo");
    }
    return decodeSpki(spki->whole);
}

Result<Bytes> makeSignedSessionKey(const SigningKey& leafKey, const PublicKey& sessionKey) {
    if (sessionKey.algorithm != KeyAlgorithm::X25519) {
        return makeError(CryptoErrc::Key, "the session key must be X25519");
    }
    return makeSignedKey(leafKey, sessionKey);
}

Result<PublicKey> verifySignedSessionKey(const PublicKey& leafKey, ByteView der) {
    auto key = verifySignedKey(leafKey, der);
    if (key && key->algorithm != KeyAlgorithm::X25519) {
        return makeError(CryptoErrc::SignedKey, "the signed session key is not X25519");
    }
    return key;
}

} // namespace ferry::core::crypto
