#include "relay/node/client_hello_alpn.h"

#include <new>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/tls1.h>

namespace ferry::relay {

namespace {
// The ALPN extension's body: a 2-byte length, then names each with a 1-byte length.
bool listOffers(const unsigned char* body, std::size_t length, const std::string& name) {
    if (length < 2 || static_cast<std::size_t>((body[0] << 8) | body[1]) != length - 2)
        return false;
    for (std::size_t at = 2; at < length;) {
        const std::size_t size = body[at];
        if (size == 0 || at + 1 + size > length)
            return false;
        if (std::string_view(reinterpret_cast<const char*>(body + at + 1), size) == name)
            return true;
        at += 1 + size;
    }
    return false;
}
} // namespace

std::shared_ptr<SSL_CTX> ClientHelloAlpn::makeContext() {
    std::shared_ptr<SSL_CTX> context(SSL_CTX_new(TLS_server_method()), SSL_CTX_free);
    if (!context)
        throw std::bad_alloc();
    SSL_CTX_set_client_hello_cb(context.get(), &ClientHelloAlpn::onClientHello, nullptr);
    return context;
}

ClientHelloAlpn::ClientHelloAlpn(std::shared_ptr<SSL_CTX> context, std::string alpn)
    : m_alpn(std::move(alpn)), m_context(std::move(context)), m_ssl(nullptr, SSL_free) {
    m_ssl.reset(SSL_new(m_context.get()));
    BIO* in = BIO_new(BIO_s_mem());
    BIO* out = BIO_new(BIO_s_mem()); // the alert OpenSSL would send; never sent
    if (!m_ssl || !in || !out) {
        BIO_free(in);
        BIO_free(out);
        throw std::bad_alloc();
    }
    SSL_set_bio(m_ssl.get(), in, out);
    SSL_set_app_data(m_ssl.get(), this);
    SSL_set_accept_state(m_ssl.get());
}

ClientHelloAlpn::~ClientHelloAlpn() = default;

int ClientHelloAlpn::onClientHello(SSL* ssl, int* alert, void*) {
    auto* self = static_cast<ClientHelloAlpn*>(SSL_get_app_data(ssl));
    const unsigned char* body = nullptr;
    std::size_t length = 0;
    const bool offers =
        SSL_client_hello_get0_ext(ssl, TLSEXT_TYPE_application_layer_protocol_negotiation, &body,
                                  &length) == 1 &&
        listOffers(body, length, self->m_alpn);
    self->m_verdict = offers ? Verdict::Offers : Verdict::DoesNotOffer;
    // Stop here either way: this side never answers the hello.
    *alert = SSL_AD_NO_APPLICATION_PROTOCOL;
    return SSL_CLIENT_HELLO_ERROR;
}

ClientHelloAlpn::Verdict ClientHelloAlpn::feed(core::ByteView bytes) {
    if (m_verdict != Verdict::NeedMore)
        return m_verdict;
    if (!bytes.empty() &&
        BIO_write(SSL_get_rbio(m_ssl.get()), bytes.data(), static_cast<int>(bytes.size())) <= 0)
        return m_verdict = Verdict::DoesNotOffer;
    const int result = SSL_do_handshake(m_ssl.get());
    if (m_verdict == Verdict::NeedMore &&
        (result == 1 || SSL_get_error(m_ssl.get(), result) != SSL_ERROR_WANT_READ))
        m_verdict = Verdict::DoesNotOffer; // not a ClientHello OpenSSL can read
    ERR_clear_error();
    return m_verdict;
}

} // namespace ferry::relay
