// ferry_nat_app_node: the desktop app's in-app relay as gui_main wires it (NodeController +
// InAppRelay + PortMapper, with the Node panel offscreen), for test_nat_lab to run inside the
// lab's "home" namespace. It switches the relay on, waits for the port mapping, prints what
// the controller and the panel show and "READY"; then it reads commands from stdin:
// "off" switches the relay off (prints "OFF"), "quit" ends it.
// Usage: ferry_nat_app_node <port> <lease seconds>
#include "adapter_profile.h"
#include "app/in_app_relay/in_app_relay.h"
#include "nat/port_mapper.h"
#include "ui/node_controller.h"
#include "ui/node_panel.h"
#include "ui/node_status_text.h"
#include "ui/preferences.h"
#include "util/clock.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QSocketNotifier>
#include <cstdio>
#include <unistd.h>

using namespace ferry;

namespace {

void say(const QString& key, const QString& value) {
    std::printf("%s: %s\n", qPrintable(key), qPrintable(value));
    std::fflush(stdout);
}

QString labelText(const ui::NodePanel& panel, const char* name) {
    return panel.findChild<QLabel*>(QLatin1String(name))->text();
}

void report(const ui::NodeController& controller, const ui::NodePanel& panel) {
    const ui::NodeSnapshot s = controller.snapshot();
    say("state", core::nat::mappingStateName(s.nat.state));
    say("reason", s.nat.reason);
    say("method", core::nat::mappingProtocolName(s.nat.method));
    say("external", QStringLiteral("%1:%2").arg(s.nat.externalAddress).arg(s.nat.externalPort));
    say("lease left", QString::number(s.nat.leaseSecondsLeft));
    say("class", core::nat::natClassName(s.nat.classification));
    say("address", s.address);
    say("status", ui::nodeStatusLine(s));
    say("panel status", labelText(panel, "nodeStatusLine"));
    say("panel external", labelText(panel, "natExternalValue"));
    say("panel mapping", labelText(panel, "natMappingValue"));
    say("panel reachable", labelText(panel, "natReachableValue"));
    say("panel address", panel.findChild<QLineEdit*>(QStringLiteral("nodeAddressField"))->text());
}

} // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    if (argc != 3 && argc != 4) {
        std::fprintf(stderr, "usage: ferry_nat_app_node <port> <lease seconds> [relay]\n");
        return 2;
    }
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    const auto port = static_cast<quint16>(QString(argv[1]).toUInt());
    const std::chrono::seconds lease{QString(argv[2]).toInt()};

    test::AdapterProfile profile("Node");
    // A relay in the profile's list (optional): it checks the node from outside.
    if (argc == 4)
        profile.addRelay(argv[3]);
    ui::Preferences preferences(profile.dir.path());
    ui::NodeLimits limits;
    limits.port = port;
    preferences.setNodeLimits(limits);
    core::SystemClock clock;
    app::InAppRelay::Options options;
    options.dataDir = profile.dir.filePath(QStringLiteral("relay"));
    options.advertisedHost = QStringLiteral("192.168.77.2");
    app::InAppRelay relay(options, profile->agent(), clock);
    auto mappers = [lease](core::nat::PortMapper::Listener listener) {
        core::nat::PortMapperOptions mapperOptions;
        mapperOptions.lease = lease;
        return std::make_unique<core::nat::PortMapper>(
            mapperOptions, core::nat::defaultMappingMethods(), std::move(listener));
    };
    auto controller = std::make_unique<ui::NodeController>(relay, *profile.get(), preferences,
                                                           clock, nullptr, mappers);
    ui::NodePanel panel;
    QObject::connect(controller.get(), &ui::NodeController::changed, &panel,
                     [&] { panel.showSnapshot(controller->snapshot()); });
    panel.show();
    controller->setEnabled(true);

    const bool settled = QTest::qWaitFor(
        [&] {
            const auto state = controller->snapshot().nat.state;
            return state == core::nat::MappingState::Mapped ||
                   state == core::nat::MappingState::Error;
        },
        30000);
    if (settled && argc == 4)
        (void)QTest::qWaitFor(
            [&] {
                using core::node::ReachabilityVerdict;
                const auto verdict = controller->snapshot().reach.verdict;
                return verdict == ReachabilityVerdict::Reachable ||
                       verdict == ReachabilityVerdict::Unreachable;
            },
            30000);
    QCoreApplication::processEvents(); // the panel takes the last change
    if (!settled)
        say("timeout", QStringLiteral("no mapping and no error in 30 s"));
    report(*controller, panel);
    say("READY", {});

    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&input, &QSocketNotifier::activated, &app, [&] {
        char line[64] = {};
        const ssize_t n = ::read(STDIN_FILENO, line, sizeof line - 1);
        const QByteArray command = QByteArray(line, n > 0 ? static_cast<int>(n) : 0).trimmed();
        if (command == "off") {
            controller->setEnabled(false);
            QCoreApplication::processEvents();
            report(*controller, panel);
            say("OFF", {});
        } else {
            app.quit();
        }
    });
    const int code = app.exec();
    controller.reset(); // waits for the mapper to finish
    return code;
}
