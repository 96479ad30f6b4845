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

} // namespace ferry::core::smp
