// ferry: the desktop app. The composition root: resolves the profile, unlocks it (keychain,
// passphrase or key file), opens the engine and builds the windows.
#include "app/in_app_relay/in_app_relay.h"
#include "nat/port_mapper.h"
#include "ui/application_identity.h"
#include "ui/directory_list.h"
#include "ui/engine_adapter.h"
#include "ui/icons.h"
#include "ui/key_store.h"
#include "ui/link_open_events.h"
#include "ui/main_window.h"
#include "ui/node_controller.h"
#include "ui/power_monitor.h"
#include "ui/preferences.h"
#include "ui/profile_location.h"
#include "ui/profile_opener.h"
#include "ui/single_instance.h"
#include "ui/tray_icon.h"
#include "util/clock.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QMessageBox>
#include <QNetworkInterface>
#include <QProcess>
#include <QStandardPaths>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>

namespace {

using namespace ferry;

// --help and --version must work without a display (scripts, packaging checks), so they get
// a QCoreApplication; everything else needs the GUI one.
bool wantsInfoOnly(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--help" || arg == "-h" || arg == "--help-all" || arg == "--version" ||
            arg == "-v")
            return true;
    }
    return false;
}

struct Options {
    QString profile;
    QString name;
    QString keyFile;
    QString relay;
    /// --directory: relay directories (canonical) instead of the shipped list for a new
    /// profile, added to an existing one's.
    QStringList directories;
    QString link; ///< a ferry: link to connect with (opened from another app)
    bool contribute = false;
};

// The address other devices on this network reach the in-app relay at, unless the router
// forwards a port to it: the first IPv4 address of an interface that is up.
QString lanAddress() {
    for (const QNetworkInterface& nic : QNetworkInterface::allInterfaces()) {
        const auto flags = nic.flags();
        if (!(flags & QNetworkInterface::IsUp) || (flags & QNetworkInterface::IsLoopBack))
            continue;
        for (const QNetworkAddressEntry& entry : nic.addressEntries())
            if (entry.ip().protocol() == QAbstractSocket::IPv4Protocol)
                return entry.ip().toString();
    }
    return QStringLiteral("localhost");
}

// `arguments` is argv as the program got it: QGuiApplication takes some options out of argv
// for itself (X11's -name among them), and --name is one of ours.
Options parseOptions(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "Ferry — private messenger and relay node"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption profile(
        QStringLiteral("profile"),
        QCoreApplication::translate("main", "The profile: a name (kept in Ferry's data folder) "
                                            "or a folder path. Default: \"default\"."),
        QStringLiteral("NAME|DIR"));
    const QCommandLineOption name(
        QStringLiteral("name"),
        QCoreApplication::translate("main", "Display name of a profile created without "
                                            "dialogs (with --key-file)."),
        QStringLiteral("NAME"));
    const QCommandLineOption keyFile(
        QStringLiteral("key-file"),
        QCoreApplication::translate("main", "Read the database key from this file instead of "
                                            "the keychain (created if missing with --name)."),
        QStringLiteral("FILE"));
    const QCommandLineOption relay(
        QStringLiteral("relay"),
        QCoreApplication::translate("main", "Add this relay (smp://…) to the profile's list."),
        QStringLiteral("ADDRESS"));
    const QCommandLineOption directory(
        QStringLiteral("directory"),
        QCoreApplication::translate("main", "Use this relay directory (https://…) to find relays; "
                                            "repeatable. A new profile gets these instead of the "
                                            "built-in list, an existing one adds them."),
        QStringLiteral("ADDRESS"));
    const QCommandLineOption contribute(
        QStringLiteral("contribute"),
        QCoreApplication::translate("main", "Turn on \"Contribute as relay\": run a relay for "
                                            "the network inside the app."));
    parser.addOptions({profile, name, keyFile, relay, directory, contribute});
    parser.addPositionalArgument(
        QStringLiteral("link"),
        QCoreApplication::translate("main", "A ferry: link to connect with."),
        QStringLiteral("[link]"));
    parser.process(arguments);
    Options o;
    o.profile = parser.value(profile);
    o.name = parser.value(name);
    o.keyFile = parser.value(keyFile);
    o.relay = parser.value(relay);
    o.contribute = parser.isSet(contribute);
    for (const QString& address : parser.values(directory)) {
        if (const QString problem = ui::directoryAddressProblem(address); !problem.isEmpty()) {
            std::fprintf(stderr, "ferry: --directory %s: %s\n", qPrintable(address),
                         qPrintable(problem));
            std::exit(2);
        }
        if (const QString canonical = ui::canonicalDirectory(address);
            !o.directories.contains(canonical))
            o.directories << canonical;
    }
    for (const QString& arg : parser.positionalArguments())
        if (arg.startsWith(QLatin1String("ferry:"), Qt::CaseInsensitive))
            o.link = arg;
    return o;
}

QString linkIn(const QStringList& arguments) {
    for (const QString& arg : arguments)
        if (arg.startsWith(QLatin1String("ferry:"), Qt::CaseInsensitive))
            return arg;
    return {};
}

// --directory for a profile that already exists: the directories it lacks are added (a new
// profile has them already).
void addDirectories(ui::EngineAdapter& engine, const QStringList& directories) {
    engine.loadDirectories(
        &engine,
        [&engine, directories](const core::agent::DirectorySettings& current) {
            core::agent::DirectorySettings wanted = current;
            for (const QString& address : directories)
                if (std::find(wanted.directories.begin(), wanted.directories.end(),
                              address.toStdString()) == wanted.directories.end())
                    wanted.directories.push_back(address.toStdString());
            if (wanted != current)
                engine.setDirectories(wanted, &engine, {}, [](const core::Error& error) {
                    std::fprintf(stderr, "ferry: --directory: %s\n", error.message.c_str());
                });
        },
        {});
}

QString profilesRoot() {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("profiles"));
}

// Opens the profile and runs the windows until the user quits. Returns the exit code and,
// in `*restartWith`, the --profile argument to start again with (when asked to).
int runProfile(QApplication& app, const Options& options, ui::LinkOpenEvents& linkEvents,
               QString* restartWith) {
    const ui::ProfileLocation location = ui::resolveProfile(options.profile, profilesRoot());
    ui::SingleInstance instance(location.folder);
    if (!instance.acquire()) {
        // Ferry already runs with this profile: it raises its window (and connects the link).
        QStringList handover{QStringLiteral("--raise")};
        if (!options.link.isEmpty())
            handover << options.link;
        return instance.handOver(handover) ? 0 : 1;
    }

    ui::Preferences preferences(location.folder);
    ui::installTranslations(app, preferences.language());

    ui::SystemKeyStore keychain;
    ui::ProfileOpener opener(keychain);
    ui::ProfileRequest request{
        location, options.keyFile, options.name, core::store::KdfStrength::Moderate,
        options.directories.isEmpty() ? ui::defaultDirectories() : options.directories};
    QString error;
    auto opened = opener.open(request, &error);
    if (!opened) {
        if (error.isEmpty())
            return 0; // the user cancelled
        QMessageBox::critical(nullptr, QCoreApplication::translate("main", "Ferry"), error);
        std::fprintf(stderr, "ferry: %s\n", qPrintable(error));
        return 1;
    }
    std::unique_ptr<ui::EngineAdapter> engine(
        ui::EngineAdapter::open(std::move(opened->config), nullptr, &error));
    if (!engine) {
        const QString message =
            QCoreApplication::translate("main", "Ferry could not open the profile in %1: %2")
                .arg(location.folder, error);
        QMessageBox::critical(nullptr, QCoreApplication::translate("main", "Ferry"), message);
        std::fprintf(stderr, "ferry: %s\n", qPrintable(message));
        return 1;
    }
    for (const QString& relay : {opened->firstRelay, options.relay})
        if (!relay.isEmpty())
            engine->addRelay(relay, engine.get(), {}, {}); // a bad one shows in Settings
    if (!options.directories.isEmpty())
        addDirectories(*engine, options.directories);

    // "Contribute as relay": the relay lives in the profile folder, its key in the database.
    core::SystemClock clock;
    app::InAppRelay::Options relayOptions;
    relayOptions.dataDir = QDir(location.folder).filePath(QStringLiteral("relay"));
    relayOptions.advertisedHost = lanAddress();
    app::InAppRelay relayHost(relayOptions, engine->agent(), clock);
    ui::PowerMonitor power;
    // Each start of the relay maps its port on the home router (UPnP IGD, then NAT-PMP).
    auto mappers = [](core::nat::PortMapper::Listener listener) {
        return std::make_unique<core::nat::PortMapper>(core::nat::PortMapperOptions{},
                                                       core::nat::defaultMappingMethods(),
                                                       std::move(listener));
    };
    ui::NodeController node(relayHost, *engine, preferences, clock, &power, mappers);
    if (options.contribute)
        node.setEnabled(true);

    ui::MainWindow window(*engine, preferences, location.name, &node);
    QStringList profiles = ui::listProfiles(profilesRoot());
    if (!profiles.contains(location.name))
        profiles.prepend(location.name);
    window.setProfiles(profiles);
    ui::TrayIcon tray(window, *engine, preferences, &node);

    // Another start with this profile, or a link macOS hands over: the window comes up, and
    // Connect opens with the link if there is one.
    const auto raiseWith = [&window](const QString& link) {
        window.raiseWindow();
        if (!link.isEmpty())
            window.connectContact(link);
    };
    QObject::connect(&instance, &ui::SingleInstance::activated, &window,
                     [raiseWith](const QStringList& arguments) { raiseWith(linkIn(arguments)); });
    QObject::connect(&linkEvents, &ui::LinkOpenEvents::linkOpened, &window, raiseWith);
    QObject::connect(&window, &ui::MainWindow::quitRequested, &app, &QApplication::quit);
    QObject::connect(&window, &ui::MainWindow::restartRequested, &app,
                     [&app, restartWith, &location](const QString& profile) {
                         *restartWith = profile.isEmpty() ? location.folder : profile;
                         app.quit();
                     });
    linkEvents.startDelivering();
    window.show();
    // The link on the command line, or the one macOS delivered while the profile opened.
    if (const QString link = options.link.isEmpty() ? linkEvents.takePending() : options.link;
        !link.isEmpty())
        QTimer::singleShot(0, &window, [&window, link] { window.connectContact(link); });
    return app.exec();
}

} // namespace

int main(int argc, char** argv) {
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    if (wantsInfoOnly(argc, argv)) {
        QCoreApplication app(argc, argv);
        ui::applyApplicationIdentity(app);
        parseOptions(arguments); // prints and exits
        return 0;
    }
    QApplication app(argc, argv);
    ui::applyApplicationIdentity(app);
    app.setWindowIcon(ui::appIcon());
    // Desktops match windows to the installed entry (and its icon) by this name.
    QGuiApplication::setDesktopFileName(QStringLiteral("org.ferry.Ferry"));
    // Closing the window may only hide it to the tray; Quit ends the app.
    app.setQuitOnLastWindowClosed(false);
    const Options options = parseOptions(arguments);
    // Before anything can run a nested event loop (the unlock dialog), so no link is lost.
    ui::LinkOpenEvents linkEvents;
    app.installEventFilter(&linkEvents);

    QString restartWith;
    const int code = runProfile(app, options, linkEvents, &restartWith);
    // Everything of the old profile is closed (engine, lock) before the next one starts.
    if (!restartWith.isEmpty())
        QProcess::startDetached(QCoreApplication::applicationFilePath(),
                                {QStringLiteral("--profile"), restartWith});
    return code;
}
