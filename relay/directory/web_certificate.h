#pragma once

#include "crypto/openssl_handles.h"
#include "relay/directory/directory_config.h"
#include "util/result.h"

#include <boost/asio/ssl/context.hpp>
#include <filesystem>
#include <string>
#include <vector>

namespace ferry::relay::directory {

/// The certificate a web browser gets from the directory. Browsers do not accept the Ed25519
/// chain that relays and Ferry clients pin, so the same port also holds an ordinary one:
/// the operator's (directory.ini `web_certificate` and `web_key`, e.g. from a certificate
/// authority) or one the directory made for itself (ECDSA P-256, self-signed for `host`).
/// Ferry's own clients offer only Ed25519/Ed448 signatures and keep getting the pinned chain.
struct WebCredential {
    std::vector<core::crypto::X509Ptr> chain; ///< the leaf first
    core::crypto::EvpPkeyPtr key;
};

/// The operator's credential when directory.ini names one (both files, PEM: the certificate
/// file may hold the chain after the leaf); otherwise `web.crt`/`web.key` in the data folder,
/// made on first use (owner-only files). Errors name the file and what is wrong with it.
core::Result<WebCredential> loadWebCredential(const DirectoryConfig& config);

/// A self-signed ECDSA P-256 certificate for `host` (a DNS name or an IP address, in the
/// subject and subjectAltName), valid for `days`, as PEM texts {certificate, key}.
core::Result<std::pair<std::string, std::string>>
makeSelfSignedWebCertificate(const std::string& host, int days = 825);

/// Adds `credential` to a directory's TLS context beside its Ed25519 chain, and lets the
/// context sign with ECDSA and RSA-PSS as well, so that a client that cannot verify Ed25519
/// is served the web certificate.
core::Result<void> addWebCredential(boost::asio::ssl::context& context,
                                    const WebCredential& credential);

} // namespace ferry::relay::directory
