#include "app/in_app_relay/directory_registration.h"

#include "directory/relay_registrar.h"
#include "relay/registrar_settings.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <thread>

namespace ferry::app {

namespace dir = core::directory;

/// The registrar's io_context and the one thread that runs it.
struct DirectoryRegistration::Network {
    boost::asio::io_context io;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work =
        boost::asio::make_work_guard(io);
    std::thread thread;
};

namespace {

ui::NodeDirectory toNodeDirectory(const dir::DirectoryStanding& s) {
    ui::NodeDirectory d;
    d.directory = QString::fromStdString(s.directory);
    switch (s.phase) {
    case dir::DirectoryStanding::Phase::Registering:
        d.phase = ui::NodeDirectory::Phase::Registering;
        break;
    case dir::DirectoryStanding::Phase::Registered:
        d.phase = ui::NodeDirectory::Phase::Registered;
        break;
    case dir::DirectoryStanding::Phase::Failed:
        d.phase = ui::NodeDirectory::Phase::Failed;
        break;
    }
    d.state = QString::fromStdString(s.state);
    d.score = s.score;
    d.lastHeartbeat = s.lastHeartbeat;
    d.error = QString::fromStdString(s.error);
    return d;
}

} // namespace

DirectoryRegistration::DirectoryRegistration(const relay::RelayConfig& config,
                                             const relay::RelayIdentity& identity,
                                             std::string relayAddress,
                                             const QStringList& directories,
                                             const core::Clock& clock,
                                             std::function<void()> onChange)
    : m_network(std::make_unique<Network>()) {
    std::vector<std::string> addresses;
    for (const QString& text : directories)
        addresses.push_back(text.toStdString());
    m_registrar = std::make_unique<dir::RelayRegistrar>(
        m_network->io,
        relay::registrarSettings(config, identity, std::move(relayAddress), addresses), clock,
        [onChange = std::move(onChange)](const dir::DirectoryStanding&) {
            if (onChange)
                onChange();
        });
    m_registrar->start();
    m_network->thread = std::thread([network = m_network.get()] { network->io.run(); });
}

DirectoryRegistration::~DirectoryRegistration() {
    m_registrar->stop();
    m_network->work.reset();
    m_network->io.stop();
    m_network->thread.join();
    m_registrar.reset();
}

void DirectoryRegistration::setRelayAddress(std::string address) {
    // On the registration's one thread, where the registrar reads the address when it signs a
    // registration: the change never lands in the middle of one.
    boost::asio::post(m_network->io, [registrar = m_registrar.get(), address = std::move(address)] {
        registrar->setRelayAddress(address);
    });
}

QList<ui::NodeDirectory> DirectoryRegistration::standings() const {
    QList<ui::NodeDirectory> list;
    for (const auto& standing : m_registrar->standings())
        list << toNodeDirectory(standing);
    return list;
}

} // namespace ferry::app
