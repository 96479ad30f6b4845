#include "smp/forwarding.h"

#include "smp/decoder.h"
#include "smp/encoder.h"
#include "smp/key_encoding.h"
#include "smp/padding.h"
#include "smp/smp_errc.h"
#include "util/try.h"

#include <algorithm>

namespace ferry::core::smp {

Bytes encodeFwdTransmission(const FwdTransmission& t) {
    Encoder e(t.sealedTransmission.size() + 128);
    e.shortString(t.corrId).word16(t.version);
    encodeKey(e, t.senderKey);
    e.raw(t.sealedTransmission);
    return std::move(e).bytes();
}

Result<FwdTransmission> decodeFwdTransmission(ByteView bytes) {
    Decoder d(bytes);
    FwdTransmission t;
    t.corrId = d.shortString();
    t.version = d.word16();
    t.senderKey = decodeDhKey(d);
    t.sealedTransmission = d.tail();
    if (!d.ok())
        return makeError(SmpErrc::Syntax, "bad forwarded transmission: " + d.failure());
    return t;
}

Bytes encodeFwdResponse(const FwdResponse& r) {
    Encoder e(r.sealedResponse.size() + 32);
    e.shortString(r.corrId).raw(r.sealedResponse);
    return std::move(e).bytes();
}

Result<FwdResponse> decodeFwdResponse(ByteView bytes) {
    Decoder d(bytes);
    FwdResponse r;
    r.corrId = d.shortString();
    r.sealedResponse = d.tail();
    if (!d.ok())
        return makeError(SmpErrc::Syntax, "bad forwarded response: " + d.failure());
    return r;
}

Bytes reversedNonce(ByteView nonce) {
    Bytes out = crypto::cbNonce(nonce);
    std::reverse(out.begin(), out.end());
    return out;
}

Result<Bytes> sealProxied(const crypto::CryptoBox& box, ByteView nonce, ByteView batch) {
    FERRY_TRY(padded, pad(batch, kProxiedTransmissionSize));
    return box.seal(crypto::cbNonce(nonce), padded);
}

Result<Bytes> openProxied(const crypto::CryptoBox& box, ByteView nonce, ByteView sealed) {
    FERRY_TRY(padded, box.open(crypto::cbNonce(nonce), sealed));
    return unpad(padded);
}

} // namespace ferry::core::smp
