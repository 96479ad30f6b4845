#include "crypto/hash.h"

#include "crypto/crypto_errc.h"
#include "crypto/random.h"
#include "crypto/sodium.h"

#include <algorithm>
#include <initializer_list>
#include <openssl/evp.h>
#include <sodium.h>

namespace ferry::core::crypto {

Bytes sha256(ByteView data) {
    ensureSodium();
    Bytes out(crypto_hash_sha256_BYTES);
    crypto_hash_sha256(out.data(), data.data(), data.size());
    return out;
}

Bytes sha512(ByteView data) {
    ensureSodium();
    Bytes out(crypto_hash_sha512_BYTES);
    crypto_hash_sha512(out.data(), data.data(), data.size());
    return out;
}

Result<Bytes> sha3_384(ByteView data) {
    Bytes out(48);
    unsigned int length = 0;
    // One-shot digest: no context is left to clean up on any path.
    if (EVP_Digest(data.data(), data.size(), out.data(), &length, EVP_sha3_384(), nullptr) != 1 ||
        length != out.size())
        return makeError(CryptoErrc::Library, "SHA3-384 is not available from OpenSSL");
    return out;
}

bool secretsEqual(ByteView presented, ByteView expected) {
    return constantTimeEqual(sha512(presented), sha512(expected));
}

namespace {

// libsodium declares these pointers non-null even for zero lengths, and an empty span may hold a
// null pointer.
const unsigned char* nonNull(ByteView bytes) {
    static constexpr unsigned char kEmpty[1] = {0};
    return bytes.empty() ? kEmpty : bytes.data();
}

// Writes HMAC-SHA512(key, parts...) to `out` (64 bytes) and wipes the hashing state, which holds
// key-derived pads.
void hmacParts(ByteView key, std::initializer_list<ByteView> parts, std::uint8_t* out) {
    crypto_auth_hmacsha512_state state;
    crypto_auth_hmacsha512_init(&state, nonNull(key), key.size());
    for (ByteView part : parts) {
        crypto_auth_hmacsha512_update(&state, nonNull(part), part.size());
    }
    crypto_auth_hmacsha512_final(&state, out);
    sodium_memzero(&state, sizeof state);
}

} // namespace

Bytes hmacSha512(ByteView key, ByteView data) {
    ensureSodium();
    Bytes out(crypto_auth_hmacsha512_BYTES);
    hmacParts(key, {data}, out.data());
    return out;
}

SecretBytes hkdfSha512Extract(ByteView salt, ByteView ikm) {
    ensureSodium();
    SecretBytes prk(kSha512Size);
    hmacParts(salt, {ikm}, prk.data());
    return prk;
}

Result<SecretBytes> hkdfSha512Expand(ByteView prk, ByteView info, std::size_t length) {
    if (length > kHkdfSha512MaxLength) {
        return makeError(CryptoErrc::Hkdf, "HKDF-SHA512 output longer than 255 blocks");
    }
    ensureSodium();
    SecretBytes out(length);
    SecretBytes block(kSha512Size);
    std::size_t done = 0;
    for (std::uint8_t counter = 1; done < length; ++counter) {
        // T(i) = HMAC(PRK, T(i-1) | info | i), with T(0) empty.
        const ByteView previous = counter == 1 ? ByteView{} : block.view();
        const std::uint8_t counterByte[1] = {counter};
        hmacParts(prk, {previous, info, ByteView{counterByte, 1}}, block.data());
        const std::size_t take = std::min(kSha512Size, length - done);
        std::copy_n(block.data(), take, out.data() + done);
        done += take;
    }
    return out;
}

Result<SecretBytes> hkdfSha512(ByteView salt, ByteView ikm, ByteView info, std::size_t length) {
    const SecretBytes prk = hkdfSha512Extract(salt, ikm);
    return hkdfSha512Expand(prk.view(), info, length);
}

} // namespace ferry::core::crypto
