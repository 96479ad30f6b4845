#include "smp/key_encoding.h"

#include "smp/decoder.h"
#include "smp/encoder.h"

namespace ferry::core::smp {

void encodeKey(Encoder& e, const crypto::PublicKey& key) {
    e.shortString(crypto::encodeSpki(key));
}

crypto::PublicKey decodeKey(Decoder& d) {
    Bytes der = d.shortString();
    if (!d.ok())
        return {};
    auto key = crypto::decodeSpki(der);
    if (!key) {
        d.fail(key.error().message);
        return {};
    }
    return std::move(key).value();
}

crypto::PublicKey decodeAuthKey(Decoder& d) {
    crypto::PublicKey key = decodeKey(d);
    if (d.ok() && key.algorithm == crypto::KeyAlgorithm::X448)
        d.fail("X448 keys cannot authorize commands");
    return key;
}

crypto::PublicKey decodeDhKey(Decoder& d) {
    crypto::PublicKey key = decodeKey(d);
    if (d.ok() && key.algorithm != crypto::KeyAlgorithm::X25519)
        d.fail("a DH key must be X25519");
    return key;
}

} // namespace ferry::core::smp
