#pragma once

#include "util/bytes.h"

#include <memory>
#include <string>

using SSL_CTX = struct ssl_ctx_st;
using SSL = struct ssl_st;

namespace ferry::relay {

/// Reads the first bytes of a connection as a TLS ClientHello, without answering it, and
/// tells whether it offers a given ALPN name. The tunnel service uses it to let through a
/// public port only TLS connections meant for an SMP relay: the TLS itself runs end to end
/// to the node, so the relay looks at the hello and forwards it untouched.
///
/// OpenSSL does the parsing (as a server that stops in its ClientHello callback), so every
/// record and extension form it accepts is handled, and nothing else is.
class ClientHelloAlpn {
public:
    enum class Verdict {
        NeedMore,    ///< the hello is not complete yet
        Offers,      ///< a ClientHello that offers the name
        DoesNotOffer ///< a ClientHello without it, or not TLS at all
    };

    /// OpenSSL's settings for reading hellos, shared by every connection looked at.
    static std::shared_ptr<SSL_CTX> makeContext();

    /// `alpn` is the name to look for ("smp/1"). Throws std::bad_alloc only.
    ClientHelloAlpn(std::shared_ptr<SSL_CTX> context, std::string alpn);
    ~ClientHelloAlpn();
    ClientHelloAlpn(const ClientHelloAlpn&) = delete;
    ClientHelloAlpn& operator=(const ClientHelloAlpn&) = delete;

    /// Adds the connection's next bytes; decided once anything but NeedMore is returned.
    Verdict feed(core::ByteView bytes);

private:
    static int onClientHello(SSL* ssl, int* alert, void* arg);

    std::string m_alpn;
    std::shared_ptr<SSL_CTX> m_context;
    std::unique_ptr<SSL, void (*)(SSL*)> m_ssl;
    Verdict m_verdict = Verdict::NeedMore;
};

} // namespace ferry::relay
