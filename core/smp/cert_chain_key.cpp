#include "smp/cert_chain_key.h"

#include "smp/decoder.h"
#include "smp/encoder.h"

namespace ferry::core::smp {

void encodeCertChainPubKey(Encoder& e, const CertChainPubKey& key) {
    e.byte(static_cast<std::uint8_t>(key.certChain.size()));
    for (const Bytes& cert : key.certChain)
        e.large(cert);
    e.large(key.signedKey);
}

CertChainPubKey decodeCertChainPubKey(Decoder& d) {
    CertChainPubKey key;
    const std::size_t count = d.byte();
    if (d.ok() && count == 0)
        d.fail("empty certificate chain");
    for (std::size_t i = 0; i < count && d.ok(); ++i)
        key.certChain.push_back(d.large());
    key.signedKey = d.large();
    return key;
}

} // namespace ferry::core::smp
